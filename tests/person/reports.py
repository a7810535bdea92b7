"""Access reports of the demo workspace, made the way an operator makes them (the CLI), and
the report's visible words apart from the person's own data."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner

from tests.support.packages import open_package
from vernly.cli.main import app
from vernly.connectors.demo.build import DemoSummary

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def access_package(demo: DemoSummary, *extra: str) -> zipfile.ZipFile:
    """The access package for the demo's first sample person."""
    ws = demo.workspace
    env = {"VERNLY_NOW": NOW.isoformat(), "VERNLY_OPERATOR": "Ingrid Berg",
           "VERNLY_DATABASE_URL": f"sqlite:///{Path(ws) / '.vernly' / 'ledger.sqlite'}"}
    result = CliRunner().invoke(app, ["request", "access", "--email", demo.sample_emails[0],
                                      *extra, "--json", "-w", str(ws)], env=env)
    assert result.exit_code == 0, result.output
    return open_package(json.loads(result.stdout)["package"], Path(ws), env)


class _Words(HTMLParser):
    """Text outside table cells, code and style: the report's own words, not the data."""

    SKIP = frozenset({"td", "code", "style", "title"})

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.text: list[str] = []
        self.headings: list[str] = []
        self._in_th = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.depth += 1
        self._in_th = tag == "th"

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.depth -= 1
        if tag == "th":
            self._in_th = False

    def handle_data(self, data: str) -> None:
        if self._in_th:
            self.headings.append(data.strip())
        if not self.depth:
            self.text.append(data)


def own_words(html: str) -> tuple[str, list[str]]:
    """(the report's words outside data cells, the column headings)."""
    parser = _Words()
    parser.feed(html)
    return " ".join(parser.text), parser.headings


def sections(html: str) -> dict[str, str]:
    """System id -> the HTML of its section in 'the data' part of the report."""
    return {m.group(1): m.group(2) for m in re.finditer(
        r'<section id="system-([a-z_]+)"[^>]*>(.*?)</section>', html, re.S)}
