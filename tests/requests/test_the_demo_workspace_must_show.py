"""The issue's must-show, on the demo workspace built by `build_demo` (300 people): access
for an e-mail from the webshop returns every row of that person in every system (checked
with hand-written SQL), with a Norwegian report; erasure keeps only the bookkeeping records,
with statute and date, and changes nothing the second time; the audit chain verifies and
breaks when a row is edited by hand; recordings and log lines are found by time window and
IP address."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from tests.requests.support import snapshot
from tests.requests.test_access_package_holds_every_row_of_the_person import by_hand
from tests.support.packages import open_package
from vernly.cli.main import app
from vernly.connectors.demo.build import DemoSummary, build_demo
from vernly.ledger.db import Ledger

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    return build_demo(tmp_path_factory.mktemp("demo") / "d", 300, NOW, env={})


@pytest.fixture
def ws(demo: DemoSummary, tmp_path: Path) -> Iterator[Path]:
    """A fresh copy of the demo for each test (erasure changes it)."""
    copy = tmp_path / "d"
    shutil.copytree(demo.workspace, copy)
    shutil.rmtree(copy / ".vernly", ignore_errors=True)
    yield copy


def vernly(ws: Path, *args: str) -> Any:
    env = {"VERNLY_NOW": NOW.isoformat(), "VERNLY_OPERATOR": "Ingrid Berg",
           "VERNLY_DATABASE_URL": f"sqlite:///{ws / '.vernly' / 'ledger.sqlite'}"}
    return CliRunner().invoke(app, [*args, "-w", str(ws)], env=env)


def webshop_email(ws: Path) -> str:
    """A customer who also appears in the case system, as in real life."""
    from tests.requests.support import query

    emails = {r[0] for r in query(ws, "webshop", "SELECT email FROM customers")}
    registered = {r[0] for r in query(ws, "cases", "SELECT email FROM registrations")}
    return sorted(emails & registered)[0]


def test_access_for_a_webshop_email_holds_every_row_in_every_system(ws: Path) -> None:
    email = webshop_email(ws)
    result = vernly(ws, "request", "access", "--email", email, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    package = open_package(summary["package"], ws)
    data = json.loads(package.read("data.json"))
    found = {system: {table: {r["key"] for r in t["records"]}
                      for table, t in entry["tables"].items()}
             for system, entry in data["systems"].items() if entry["tables"]}
    expected = by_hand(ws, email, "")
    assert found == expected
    assert {"webshop", "cases"} <= set(found)
    nb = package.read("report.nb.html").decode()
    assert "Innsyn i personopplysninger" in nb and "Formål (a)" in nb
    assert "bokføringsloven § 13" in nb and "Datatilsynet" in nb


def test_erasure_keeps_only_bookkeeping_records_and_a_second_run_changes_nothing(
        ws: Path) -> None:
    email = webshop_email(ws)
    first = vernly(ws, "request", "erase", "--email", email, "--json")
    assert first.exit_code == 0, first.output
    outcome = json.loads(first.stdout)["result"]["outcomes"]["webshop"]
    assert by_hand(ws, email, "") == {}
    for kept in outcome["kept"]:
        assert kept["statute"] == "bokføringsloven § 13"
        assert kept["until"] >= "2026-12-31"
    before = snapshot(ws)
    second = vernly(ws, "request", "erase", "--email", email, "--json")
    assert second.exit_code == 0, second.output
    assert snapshot(ws) == before
    assert vernly(ws, "audit", "verify").exit_code == 0
    ledger = Ledger(f"sqlite:///{ws / '.vernly' / 'ledger.sqlite'}")
    with ledger.session() as s:
        s.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2"))
    ledger.dispose()
    broken = vernly(ws, "audit", "verify")
    assert broken.exit_code == 1 and "broken at entry 2" in broken.output


def test_recordings_and_log_lines_are_found_by_window_and_ip(ws: Path,
                                                             demo: DemoSummary) -> None:
    assert demo.sample_window and demo.sample_ips
    start, end = demo.sample_window
    result = vernly(ws, "request", "access", "--email", demo.sample_emails[0],
                    "--from", start.isoformat(), "--to", end.isoformat(),
                    "--ip", demo.sample_ips[0], "--json")
    assert result.exit_code == 0, result.output
    systems = json.loads(result.stdout)["systems"]
    assert systems["cctv"]["files"] > 0 and systems["weblog"]["log_lines"] > 0
    data = json.loads(open_package(json.loads(result.stdout)["package"], ws).read("data.json"))
    times = [f["recorded_at"] for f in data["systems"]["cctv"]["files"]]
    # A recording that started shortly before the window still runs into it.
    assert all(t <= end.isoformat() for t in times)
    assert any(start.isoformat() <= t for t in times)
    lines = data["systems"]["weblog"]["log_lines"]
    assert all(line["ip"] == demo.sample_ips[0] for line in lines)
