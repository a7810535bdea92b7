"""Reading the customer databases of a workspace directly, to check what requests did."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect, text

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
