"""Access (Art. 15): the package's data.json holds every row that belongs to the person in
every system (checked with hand-written SQL), one CSV per table, and a report in Norwegian
and English with the Art. 15(1)(a)-(h) information for the activities the rows belong to."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from tests.connectors.cast import KARI_EMAIL, KARI_PHONE, NOW
from tests.requests.desk import Desk
from tests.requests.support import query
from tests.support.packages import open_package
from vernly.cli.main import app

ORDERS = """SELECT id FROM orders WHERE buyer_email = :e OR buyer_mobile = :p
            OR customer_id IN (SELECT id FROM customers WHERE email = :e OR mobile = :p)"""


def by_hand(ws: Path, email: str, phone: str, urls: dict[str, str] | None = None
            ) -> dict[str, dict[str, set[Any]]]:
    """The person's rows, found with SQL written by hand from the schema."""
    p = {"e": email, "p": phone}

    def ids(system: str, sql: str, **extra: Any) -> set[Any]:
        return {row[0] for row in query(ws, system, sql, urls, **p, **extra)}

    numbers = {row[0] for row in query(ws, "webshop", f"SELECT order_number FROM orders "
                                                      f"WHERE id IN ({ORDERS})", urls, **p)}
    found = {
        "webshop": {
            "customers": ids("webshop", "SELECT id FROM customers WHERE email = :e OR mobile = :p"),
            "orders": ids("webshop", ORDERS),
            "order_lines": ids("webshop",
                               f"SELECT id FROM order_lines WHERE order_id IN ({ORDERS})"),
            "shipments": ids("webshop", f"SELECT id FROM shipments WHERE recipient_phone = :p "
                                        f"OR order_id IN ({ORDERS})"),
        },
        "cases": {
            "registrations": ids("cases", "SELECT id FROM registrations WHERE email = :e "
                                          "OR phone = :p"),
            "contact_messages": ids("cases", "SELECT id FROM contact_messages WHERE email = :e "
                                             "OR phone = :p"),
            "returns": {i for n in numbers for i in ids(
                "cases", "SELECT id FROM returns WHERE order_number = :n", n=n)},
        },
        "visitors": {
            "visits": ids("visitors", "SELECT id FROM visits WHERE phone = :p"),
            "school_signups": ids("visitors", "SELECT id FROM school_signups WHERE email = :e"),
        },
    }
    found = {s: {t: keys for t, keys in tables.items() if keys} for s, tables in found.items()}
    return {s: tables for s, tables in found.items() if tables}


def run_access(desk: Desk, *extra: str) -> dict[str, Any]:
    env = dict(desk.settings.env) | {"VERNLY_NOW": NOW.isoformat()}
    result = CliRunner().invoke(app, ["request", "access", "--email", KARI_EMAIL, "--phone",
                                      "912 34 567", "--json", "--operator", "Ingrid Berg",
                                      "-w", str(desk.settings.workspace), *extra], env=env)
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads(result.stdout)
    return summary


def test_the_package_holds_exactly_the_rows_direct_sql_finds(sqlite_cast_desk: Desk) -> None:
    summary = run_access(sqlite_cast_desk)
    package = open_package(summary["package"], sqlite_cast_desk.settings)
    data = json.loads(package.read("data.json"))
    found = {system: {table: {r["key"] for r in t["records"]}
                      for table, t in entry["tables"].items()}
             for system, entry in data["systems"].items() if entry["tables"]}
    expected = by_hand(sqlite_cast_desk.settings.workspace, KARI_EMAIL, KARI_PHONE)
    assert found == expected
    assert expected["webshop"]["orders"] == {1, 2, 3} and expected["cases"]["returns"] == {1}
    assert summary["systems"]["webshop"] == {"customers": 1, "orders": 3, "order_lines": 4,
                                             "shipments": 2}


def test_every_field_carries_its_data_category(sqlite_cast_desk: Desk) -> None:
    data = json.loads(open_package(run_access(sqlite_cast_desk)["package"],
                                   sqlite_cast_desk.settings).read("data.json"))
    [customer] = data["systems"]["webshop"]["tables"]["customers"]["records"]
    assert customer["fields"]["email"] == {"value": KARI_EMAIL,
                                           "category": "user.contact.email"}
    assert customer["fields"]["mobile"]["category"] == "user.contact.phone_number"
    assert data["systems"]["webshop"]["tables"]["orders"]["activity"] == "webshop_orders"
    assert data["systems"]["questback"]["task"]["owner"].startswith("Questback AS")


def test_there_is_one_csv_per_table_and_the_zip_is_private(sqlite_cast_desk: Desk,
                                                           tmp_path: Path) -> None:
    summary = run_access(sqlite_cast_desk, "--out", str(tmp_path / "out"))
    path = Path(summary["package"])
    assert path.parent == sqlite_cast_desk.settings.workspace / ".vernly" / "packages"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not zipfile.is_zipfile(path), "kept encrypted"
    copy = tmp_path / "out" / f"{summary['id']}.zip"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    names = set(zipfile.ZipFile(copy).namelist())
    assert {"csv/webshop.orders.csv", "csv/webshop.order_lines.csv", "csv/cases.returns.csv",
            "csv/cases.registrations.csv", "data.json", "report.nb.html",
            "report.en.html"} <= names
    orders_csv = zipfile.ZipFile(copy).read("csv/webshop.orders.csv").decode()
    assert orders_csv.splitlines()[0].startswith("id,customer_id,order_number")
    assert len(orders_csv.splitlines()) == 1 + 3


def test_the_norwegian_report_gives_the_article_15_information(sqlite_cast_desk: Desk) -> None:
    package = open_package(run_access(sqlite_cast_desk)["package"], sqlite_cast_desk.settings)
    nb = package.read("report.nb.html").decode()
    assert '<html lang="nb">' in nb and "Innsyn i personopplysninger" in nb
    for heading in ("Formål (a)", "Kategorier av personopplysninger (b)", "Mottakere (c)",
                    "Lagringstid (d)", "Dine rettigheter (e)", "Klage (f)", "Kilde (g)",
                    "Automatiserte avgjørelser og profilering (h)"):
        assert heading in nb
    # Facts from the policy for the activities her rows belong to:
    assert "Regnskapsføring, avgiftshåndtering" in nb          # webshop purpose
    assert "bokføringsloven § 13" in nb                         # storage period
    assert "WebMercs (Data Design AS)" in nb                    # recipient
    assert "Datatilsynet" in nb and "Deg, ved påmelding" in nb  # complaint, source
    assert "Kurs og seminarer" in nb and "Kameraovervåking" not in nb
    assert "Ingen oppgitt i personvernerklæringen." in nb
    assert "Storgata 1, 0155 Oslo" in nb                        # her data itself
    en = package.read("report.en.html").decode()
    assert "Access to your personal data" in en and "Purposes (a)" in en
