"""`policy check --connect` samples e-mail and phone identity columns and warns (VL960)
when some values are stored in a form a request would not find, by count, never value."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, text

from tests.connect.support import check, create, line_of, workspace

TABLES = """\
      - name: members
        columns:
          - {name: id}
          - {name: mail, category: user.contact.email, identity: email}
          - {name: mobile, category: user.contact.phone_number, identity: phone}
"""


def _schema() -> MetaData:
    metadata = MetaData()
    Table("subscribers", metadata, Column("id", Integer, primary_key=True),
          Column("email", String(200)), Column("subscribed_at", String(40)))
    Table("members", metadata, Column("id", Integer, primary_key=True),
          Column("mail", String(80)), Column("mobile", String(30)))
    return metadata


ROWS = {"members": [
    {"id": 1, "mail": "Kari@Example.no", "mobile": "+47 912 34 567"},
    {"id": 2, "mail": " per@example.no", "mobile": "912 34 567"},
    {"id": 3, "mail": "ola@example.no", "mobile": "(0047)-912/34/567"},
    {"id": 4, "mail": None, "mobile": "tel. 41111111"},
]}


def test_odd_phone_forms_and_spaced_addresses_are_counted(db_url: str, tmp_path: Path) -> None:
    create(db_url, _schema(), ROWS)
    policy = workspace(tmp_path, db_url, TABLES)

    result = check(tmp_path, {"SHOP_URL": db_url})

    found = {f["line"]: f for f in result.findings if f["code"] == "VL960"}
    mail, mobile = line_of(policy, "name: mail")[0], line_of(policy, "name: mobile")[0]
    assert sorted(found) == [mail, mobile]
    assert found[mail]["message"].startswith("1 of 3 sampled values of 'members.mail'")
    assert found[mobile]["message"].startswith("2 of 4 sampled values of 'members.mobile'")
    assert "per@example.no" not in result.stdout and "41111111" not in result.stdout


def test_an_email_column_without_a_lower_index_gets_the_statement_to_create_one(
        db_url: str, tmp_path: Path) -> None:
    create(db_url, _schema(), ROWS)
    policy = workspace(tmp_path, db_url, TABLES)

    before = check(tmp_path, {"SHOP_URL": db_url})
    engine = create_engine(db_url)
    with engine.begin() as conn:
        if not db_url.startswith("mysql"):
            conn.execute(text("CREATE INDEX members_mail_lower ON members (lower(mail))"))
    engine.dispose()
    after = check(tmp_path, {"SHOP_URL": db_url})

    mail = line_of(policy, "name: mail")[0]
    hinted = [f for f in before.findings if f["code"] == "VL961" and f["line"] == mail]
    if db_url.startswith("mysql"):  # a case-insensitive collation: the plain index serves
        assert hinted == []
        return
    assert [f["message"] for f in hinted] == [
        "'members.mail' has no index on lower(mail), so a request reads the whole table to "
        "find an address; create one: CREATE INDEX members_mail_lower ON members "
        "(lower(mail))"]
    assert not [f for f in after.findings if f["code"] == "VL961" and f["line"] == mail]
