"""Helpers: a small workspace around the minimal policy, and `policy check --connect` run
through the command line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, create_engine
from typer.testing import CliRunner

from vernly.cli.main import app

MINIMAL = Path(__file__).parent.parent / "policy" / "minimal.yaml"
SUBSCRIBERS_END = "          - {name: subscribed_at}\n"


def workspace(root: Path, url: str, tables: str = "") -> Path:
    """The minimal policy (which the linter finds nothing in) with more tables in its
    `shop` system, at SHOP_URL=url. Returns the policy file."""
    text = MINIMAL.read_text(encoding="utf-8")
    assert text.count(SUBSCRIBERS_END) == 1
    text = text.replace(SUBSCRIBERS_END, SUBSCRIBERS_END + tables)
    text = text.replace("${SHOP_URL:-sqlite:///shop.sqlite}", "${SHOP_URL}")
    root.mkdir(parents=True, exist_ok=True)
    policy = root / "vernly.yaml"
    policy.write_text(text, encoding="utf-8")
    return policy


def create(url: str, metadata: MetaData, rows: dict[str, list[dict[str, Any]]] | None = None
           ) -> None:
    """Create the tables and insert rows, table by table in dependency order."""
    engine = create_engine(url)
    try:
        metadata.create_all(engine)
        with engine.begin() as conn:
            for table in metadata.sorted_tables:
                if rows and rows.get(table.name):
                    conn.execute(table.insert(), rows[table.name])
    finally:
        engine.dispose()


@dataclass
class Checked:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def findings(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = json.loads(self.stdout)
        return items

    def codes(self, prefix: str = "VL95") -> list[str]:
        return [f["code"] for f in self.findings if f["code"].startswith(prefix)]

    def of(self, code: str) -> list[dict[str, Any]]:
        return [f for f in self.findings if f["code"] == code]


def check(path: Path, env: dict[str, str], *extra: str, as_json: bool = True) -> Checked:
    """`vernly policy check --connect [--json] PATH` with `env` as the environment."""
    args = ["policy", "check", "--connect", *(["--json"] if as_json else []), *extra,
            str(path)]
    result = CliRunner().invoke(app, args, env=env, catch_exceptions=False)
    return Checked(result.exit_code, result.stdout, result.stderr)


def line_of(path: Path, needle: str) -> tuple[int, int]:
    """1-based line and column of the one occurrence of `needle` in a file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [(i + 1, line.index(needle) + 1) for i, line in enumerate(lines) if needle in line]
    assert len(found) == 1, found
    return found[0]
