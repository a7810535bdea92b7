"""Reading the customer databases of a workspace directly, to check what requests did."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect, select, text

from vernly.ledger.audit import AuditEntry
from vernly.ledger.db import Ledger

SQL_SYSTEMS = ("webshop", "cases", "visitors")


def snapshot(workspace: Path) -> dict[tuple[str, str], list[tuple[str, ...]]]:
    """Every row of every table of the workspace's SQLite systems."""
    out: dict[tuple[str, str], list[tuple[str, ...]]] = {}
    for system in SQL_SYSTEMS:
        engine = create_engine(f"sqlite:///{workspace / 'data' / f'{system}.sqlite'}")
        with engine.connect() as conn:
            for table in inspect(conn).get_table_names():
                rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()
                out[(system, table)] = sorted(tuple(map(repr, row)) for row in rows)
        engine.dispose()
    return out


def query(workspace: Path, system: str, sql: str, urls: dict[str, str] | None = None,
          **params: Any) -> list[Any]:
    """Rows of a hand-written query on a system's database (SQLite in the workspace unless
    `urls` maps the system elsewhere)."""
    url = (urls or {}).get(system) or f"sqlite:///{workspace / 'data' / f'{system}.sqlite'}"
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = list(conn.execute(text(sql), params).all())
    engine.dispose()
    return rows


@contextmanager
def unreachable(workspace: Path, system: str) -> Iterator[Path]:
    """The system's SQLite file moved away (as when a volume is not mounted) for the block;
    put back afterwards, or earlier with `put_back`."""
    path = workspace / "data" / f"{system}.sqlite"
    path.rename(away(path))
    try:
        yield path
    finally:
        put_back(path)


def away(path: Path) -> Path:
    return path.with_name(path.name + ".away")


def put_back(path: Path) -> None:
    if away(path).exists():
        away(path).rename(path)


def audit_rows(ledger: Ledger, request_id: str) -> list[AuditEntry]:
    """The audit entries about a request (its own and its steps'), oldest first."""
    with ledger.session() as session:
        rows = session.execute(select(AuditEntry).where(AuditEntry.target == request_id)
                               .order_by(AuditEntry.seq)).scalars().all()
        for row in rows:
            session.expunge(row)
    return list(rows)


PERSONAL = ("kari", "nordmann", "91234567", "912 34 567", "example.no", "hansen", "98765432",
            "storgata")
"""Pieces of the cast's names, addresses and numbers that must never reach a log (test
names must not contain them: pytest puts them in the paths an error may name)."""


def personal_in(text: str) -> list[str]:
    lowered = text.lower()
    return [p for p in PERSONAL if p in lowered]
