"""The `vernly` command with every command group loaded (tests, `python -m vernly`).

The console script uses `vernly.cli.entry:run`, which loads only the group asked for.
"""

from __future__ import annotations

from vernly.cli.app import app
from vernly.cli.commands import COMMANDS, load_commands

load_commands()

__all__ = ["COMMANDS", "app", "load_commands"]
