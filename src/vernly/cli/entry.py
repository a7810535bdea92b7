"""Console entry point: load only the command group the arguments name.

Importing every group pulls in openpyxl, Faker, Alembic and the web stack (over a second);
a cron job running `vernly sweep` should not pay for the demo builder.
"""

from __future__ import annotations

import sys

from vernly.cli.app import app
from vernly.cli.commands import COMMANDS, load_commands


def _wanted(argv: list[str]) -> set[str] | None:
    first = next((a for a in argv if not a.startswith("-")), None)
    if first is None or first not in COMMANDS:
        return None  # help, --version or a typo: load everything so Typer can list all
    return {COMMANDS[first]}


def run() -> None:
    load_commands(_wanted(sys.argv[1:]))
    app()
