"""A table must have a key for a request to single out its rows (docs/requests.md): one
the policy declares, `id`, or the database's primary key. With none of them the live check
refuses it; a declared key the database does not back is a warning."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, PrimaryKeyConstraint, String, Table

from tests.connect.support import check, create, line_of, workspace

TABLES = """\
      - name: visits
        columns:
          - {name: visitor_no}
          - {name: arrived}
      - name: tickets
        columns:
          - {name: shop}
          - {name: ticket_no}
      - name: badges
        primary_key: code
        columns:
          - {name: code}
          - {name: issued}
"""


def _schema() -> MetaData:
    metadata = MetaData()
    Table("subscribers", metadata, Column("id", Integer, primary_key=True),
          Column("email", String(200)), Column("subscribed_at", String(40)))
    Table("visits", metadata, Column("visitor_no", Integer), Column("arrived", String(40)))
    Table("tickets", metadata, Column("shop", String(20), nullable=False),
          Column("ticket_no", Integer, nullable=False, autoincrement=False),
          PrimaryKeyConstraint("shop", "ticket_no"))
    Table("badges", metadata, Column("id", Integer, primary_key=True),
          Column("code", String(20)), Column("issued", String(40)))
    return metadata


def test_a_table_with_no_key_anywhere_is_an_error_at_its_name(db_url: str,
                                                              tmp_path: Path) -> None:
    create(db_url, _schema())
    policy = workspace(tmp_path, db_url, TABLES)

    result = check(tmp_path, {"SHOP_URL": db_url})

    assert result.exit_code == 1
    [refused] = result.of("VL953")
    assert (refused["line"], refused["column"]) == line_of(policy, "visits")
    assert refused["severity"] == "error"
    assert "table 'visits' has no key" in refused["message"]


def test_the_databases_composite_primary_key_serves_when_none_is_declared(
        db_url: str, tmp_path: Path) -> None:
    create(db_url, _schema())
    workspace(tmp_path, db_url, TABLES)
    result = check(tmp_path, {"SHOP_URL": db_url})
    assert "tickets" not in " ".join(f["message"] for f in result.findings)


def test_a_declared_key_the_database_does_not_back_is_a_warning(db_url: str,
                                                                tmp_path: Path) -> None:
    create(db_url, _schema())
    policy = workspace(tmp_path, db_url, TABLES)
    result = check(tmp_path, {"SHOP_URL": db_url})
    [other] = result.of("VL954")
    assert (other["line"], other["severity"]) == (line_of(policy, "primary_key: code")[0],
                                                  "warning")
    assert other["message"].startswith(
        "table 'badges': declared key code differs from the database's: the database's "
        "primary key is id, expected 'primary_key: id'")
