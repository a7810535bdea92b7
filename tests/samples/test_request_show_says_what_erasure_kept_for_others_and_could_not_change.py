"""`vernly request erase` on a schema where the person's account is the key that someone
else's order points at: the command says the row was kept with her details erased, and
that the e-mail it is keyed by could not change, and why."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from vernly.cli.main import app

MINIMAL = Path(__file__).parent.parent / "policy" / "minimal.yaml"
TABLES = """\
      - name: accounts
        primary_key: email
        columns:
          - {name: email, category: user.contact.email, identity: email}
          - {name: name, category: user.name}
      - name: orders
        columns:
          - {name: id}
          - {name: account}
          - {name: buyer_email, category: user.contact.email, identity: email}
        references:
          - {field: account, to: accounts.email, follow: none}
"""


def test_the_erasure_summary_names_shared_rows_and_unchangeable_keys(tmp_path: Path) -> None:
    anchor = "          - {name: subscribed_at}\n"
    (tmp_path / "vernly.yaml").write_text(
        MINIMAL.read_text(encoding="utf-8").replace(anchor, anchor + TABLES), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'shop.sqlite'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        for statement in (
                "CREATE TABLE subscribers (id INTEGER PRIMARY KEY, email VARCHAR(80), "
                "subscribed_at TIMESTAMP)",
                "CREATE TABLE accounts (email VARCHAR(80) PRIMARY KEY, name VARCHAR(40))",
                "CREATE TABLE orders (id INTEGER PRIMARY KEY, account VARCHAR(80) NOT NULL "
                "REFERENCES accounts (email), buyer_email VARCHAR(80))",
                "INSERT INTO accounts VALUES ('kari@example.no', 'Kari')",
                "INSERT INTO orders VALUES (1, 'kari@example.no', 'per@example.no')"):
            conn.execute(text(statement))
    engine.dispose()
    env = {"SHOP_URL": url, "VERNLY_SECRET_KEY": "test",
           "VERNLY_DATABASE_URL": f"sqlite:///{tmp_path / 'ledger.sqlite'}"}

    result = CliRunner().invoke(app, ["request", "erase", "--email", "Kari@Example.no",
                                      "-w", str(tmp_path)], env=env)

    assert result.exit_code == 0, result.output
    assert "kept with details erased, as other rows refer to them: accounts 1" in result.output
    assert ("unchanged: accounts.email in 1 row(s), part of the primary key"
            in result.output)
    assert "Kari" not in result.output.replace("Kari@Example.no", "")
