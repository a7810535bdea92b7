"""`vernly --help` is printed from the command table without importing any command, Typer
or the heavy libraries, and its one-line summaries are the commands' own help."""

from __future__ import annotations

import inspect
import subprocess
import sys

from vernly.cli.commands import COMMANDS, SUMMARIES
from vernly.cli.main import app

HEAVY = ("typer", "click", "rich", "sqlalchemy", "pydantic", "yaml", "jinja2", "fastapi",
         "vernly.policy", "vernly.ledger", "vernly.cli.app")


def test_help_imports_none_of_the_heavy_modules() -> None:
    probe = (
        "import sys; sys.argv = ['vernly', '--help']\n"
        "from vernly.cli.entry import run\n"
        "try:\n    run()\nexcept SystemExit as exit:\n    assert exit.code == 0\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.strip().splitlines()
    assert out[-1] == "[]"
    assert out[0] == "Usage: vernly [OPTIONS] COMMAND [ARGS]..."
    assert any(line.split()[:1] == ["sweep"] for line in out)


def _own_help(name: str) -> str:
    for command in app.registered_commands:
        if command.callback and (command.name or command.callback.__name__) == name:
            return command.help or inspect.getdoc(command.callback) or ""
    group = next(g for g in app.registered_groups if g.name == name)
    assert group.typer_instance is not None
    return str(group.typer_instance.info.help or group.help or "")


def test_every_command_has_its_own_first_words_as_summary() -> None:
    assert list(SUMMARIES) == list(COMMANDS)
    for name, summary in SUMMARIES.items():
        assert " ".join(_own_help(name).split()).startswith(summary.rstrip(".")), name
