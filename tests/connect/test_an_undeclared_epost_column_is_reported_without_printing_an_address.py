"""An `epost` column the policy does not declare, full of e-mail addresses, is reported
with counts from a bounded sample; personal data stays in: no address is printed, as text
or as JSON. An undeclared table of people is a note of its own."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table

from tests.connect.support import check, create, line_of, workspace

ADDRESSES = [f"person{i}@eksempel.no" for i in range(250)]


def _schema_and_rows(url: str) -> None:
    metadata = MetaData()
    Table("subscribers", metadata, Column("id", Integer, primary_key=True),
          Column("email", String(200)), Column("subscribed_at", String(40)),
          Column("epost", String(200)), Column("fornavn", String(100)),
          Column("source", String(40)))
    Table("complaints", metadata, Column("id", Integer, primary_key=True),
          Column("subscriber_id", Integer, ForeignKey("subscribers.id")),
          Column("body", String(400)))
    create(url, metadata, {"subscribers": [
        {"id": i + 1, "email": address, "subscribed_at": "2025-01-01", "epost": address,
         "fornavn": None, "source": "web"} for i, address in enumerate(ADDRESSES)],
        "complaints": [{"id": 1, "subscriber_id": 1, "body": "Too many letters"}]})


def test_the_column_is_a_warning_with_counts_and_no_addresses(db_url: str,
                                                              tmp_path: Path) -> None:
    _schema_and_rows(db_url)
    policy = workspace(tmp_path, db_url)

    as_text = check(tmp_path, {"SHOP_URL": db_url}, as_json=False)
    as_json = check(tmp_path, {"SHOP_URL": db_url})

    [epost] = [f for f in as_json.of("VL958") if "'subscribers.epost'" in f["message"]]
    assert epost["severity"] == "warning"
    assert epost["line"] == line_of(policy, "columns:")[0]
    assert "200 of 200 sampled values look like e-mail addresses" in epost["message"]
    assert epost["message"].endswith(
        "- {name: epost, category: user.contact.email, identity: email}")
    [name] = [f for f in as_json.of("VL958") if "'subscribers.fornavn'" in f["message"]]
    assert "its name suggests person names" in name["message"]
    assert not [f for f in as_json.findings if "'subscribers.source'" in f["message"]]
    for output in (as_text.stdout, as_text.stderr, as_json.stdout, as_json.stderr):
        assert "@eksempel.no" not in output
        assert "person1" not in output


def test_an_undeclared_table_pointing_at_people_is_a_note(db_url: str,
                                                         tmp_path: Path) -> None:
    _schema_and_rows(db_url)
    workspace(tmp_path, db_url)
    [table] = check(tmp_path, {"SHOP_URL": db_url}).of("VL959")
    assert table["severity"] == "info"
    assert table["message"].startswith("table 'complaints' in the database of system 'shop' "
                                       "is not declared")
    assert "a foreign key to 'subscribers'" in table["message"]
