"""`vernly policy draft --url` describes a database in vernly.yaml syntax: every table,
composite keys and foreign keys as lists, guessed categories and identities marked as
guesses, and `follow: none` between two tables of people. Pasted into the example policy
it loads, and the live check then finds every drafted table and column."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import (
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
)
from typer.testing import CliRunner

from tests.connect.support import check, create
from vernly.cli.main import app
from vernly.policy.loader import example_policy_path, load_text


def _small_schema(url: str) -> None:
    metadata = MetaData()
    Table("employees", metadata, Column("id", Integer, primary_key=True),
          Column("fornavn", String(100)), Column("epost", String(200)))
    Table("customers", metadata, Column("id", Integer, primary_key=True),
          Column("mobil", String(30)), Column("fnr", String(11)),
          Column("support_rep_id", Integer, ForeignKey("employees.id")))
    Table("orders", metadata, Column("shop", String(20), nullable=False),
          Column("order_no", Integer, nullable=False, autoincrement=False),
          Column("customer_id", Integer, ForeignKey("customers.id")),
          PrimaryKeyConstraint("shop", "order_no"))
    Table("order_items", metadata, Column("shop", String(20), nullable=False),
          Column("order_no", Integer, nullable=False, autoincrement=False),
          Column("item_no", Integer, nullable=False, autoincrement=False),
          Column("product", String(40)),
          PrimaryKeyConstraint("shop", "order_no", "item_no"),
          ForeignKeyConstraint(["shop", "order_no"], ["orders.shop", "orders.order_no"]))
    create(url, metadata, {
        "employees": [{"id": 1, "fornavn": "Kari", "epost": "kari@firma.no"}],
        "customers": [{"id": 1, "mobil": "+47 912 34 567", "fnr": "15108695088",
                       "support_rep_id": 1}],
        "orders": [{"shop": "oslo", "order_no": 1, "customer_id": 1}],
        "order_items": [{"shop": "oslo", "order_no": 1, "item_no": 1, "product": "kaffe"}]})


def _draft(url: str) -> str:
    result = CliRunner().invoke(app, ["policy", "draft", "--url", url, "--system", "shop"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_draft_has_composite_keys_references_and_marked_guesses(db_url: str) -> None:
    _small_schema(db_url)
    text = _draft(db_url)
    lines = [line.strip() for line in text.splitlines()]
    assert "primary_key: [shop, order_no, item_no]" in lines
    assert "primary_key: [shop, order_no]" in lines
    assert "- {field: [shop, order_no], to: [orders.shop, orders.order_no]}" in lines
    assert "- {field: customer_id, to: customers.id}" in lines
    assert "- {field: support_rep_id, to: employees.id, follow: none}" in lines
    assert ("- {name: epost, category: user.contact.email, identity: email}  "
            "# guessed from 1 of 1 sampled values") in lines
    assert ("- {name: mobil, category: user.contact.phone_number, identity: phone}  "
            "# guessed from 1 of 1 sampled values") in lines
    assert ("- {name: fnr, category: user.government_id.national_identification_number, "
            "identity: national_id}  "
            "# guessed from 1 of 1 sampled values") in lines
    assert ("- {name: fornavn, category: user.name, identity: name}  "
            "# guessed from the column name") in lines
    assert "- {name: product}" in lines
    for value in ("kari@firma.no", "912 34 567", "15108695088", "Kari"):
        assert value not in text


def test_pasted_into_the_example_it_loads_and_checks_clean(db_url: str,
                                                            tmp_path: Path) -> None:
    _small_schema(db_url)
    example = example_policy_path().read_text(encoding="utf-8")
    assert example.count("\nsystems:\n") == 1
    pasted = example.replace("\nsystems:\n", "\n" + _draft(db_url), 1)

    loaded = load_text(pasted)
    shop = loaded.policy.system("shop")
    assert {t.name: t.key_columns for t in shop.tables} == {
        "customers": ("id",), "employees": ("id",), "order_items": ("shop", "order_no",
                                                                    "item_no"),
        "orders": ("shop", "order_no")}

    (tmp_path / "vernly.yaml").write_text(pasted, encoding="utf-8")
    result = check(tmp_path, {})
    findings = [f for f in result.findings if f["system"] == "shop"]
    # Only the hint that e-mail lookups would want a lower(...) index (this schema has a
    # plain one), where the database has expression indexes.
    expected = [] if db_url.startswith("mysql") else [("VL961", "info")]
    assert [(f["code"], f["severity"]) for f in findings] == expected
    assert all("CREATE INDEX" in f["message"] for f in findings)


def test_out_writes_the_file_and_will_not_overwrite_it(db_url: str, tmp_path: Path) -> None:
    _small_schema(db_url)
    out = tmp_path / "draft.yaml"
    args = ["policy", "draft", "--url", db_url, "--system", "shop", "--out", str(out)]
    assert CliRunner().invoke(app, args).exit_code == 0
    assert out.read_text(encoding="utf-8") == _draft(db_url)
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 1
    assert "already exists" in again.stderr
