"""Every command that works on a workspace, run in a folder without vernly.yaml, says so in
one line (exit 2) and leaves the folder as it was: no `.vernly/ledger.sqlite`, no key."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from vernly.cli.main import app

COMMANDS = [
    ["audit", "verify"], ["audit", "log"], ["sweep"], ["sweep", "--dry-run"], ["status"],
    ["hold", "list"], ["hold", "add", "--email", "kari@example.no", "--reason", "tvist"],
    ["retention", "rules"], ["retention", "tasks"], ["retention", "event", "list"],
    ["request", "list"], ["request", "show", "r-1"], ["request", "retry"],
    ["request", "access", "--email", "kari@example.no"],
    ["consent", "show", "00000000-0000-0000-0000-000000000000"], ["consent", "expire"],
    ["consent", "decide", "--subject", "kari@example.no", "--purpose", "newsletter"],
    ["operator", "list"], ["operator", "add", "kari", "--role", "dpo"],
    ["notice", "--lang", "nb", "--format", "md"], ["ropa", "--format", "json"],
    ["serve", "--port", "1"], ["worker"], ["doctor"], ["user", "list"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_command_outside_a_workspace_says_so_and_creates_nothing(
        args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "not-a-workspace"
    empty.mkdir()
    monkeypatch.chdir(empty)
    for name in ("VERNLY_WORKSPACE", "VERNLY_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(app, args)
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2, result.output
    assert lines == [f"error: {empty}: not a vernly workspace (no vernly.yaml); run 'vernly "
                     "init' there or pass --workspace"]
    assert list(empty.iterdir()) == []
