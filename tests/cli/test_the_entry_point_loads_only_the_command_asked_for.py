"""The console script loads one command group, not all of them, and knows every command."""

from __future__ import annotations

import subprocess
import sys

from vernly.cli.main import COMMANDS, app


def test_every_registered_command_is_in_the_entry_points_table() -> None:
    names = {c.name or c.callback.__name__ for c in app.registered_commands if c.callback}
    names |= {g.name for g in app.registered_groups if g.name}
    assert names == set(COMMANDS)


def test_running_sweep_does_not_import_the_demo_builder_or_the_web_stack() -> None:
    # Nor Alembic (the ledger's fingerprint says when it is needed), e-mail and phone
    # parsing (only a lookup needs them) or the retention status report.
    probe = (
        "import sys; sys.argv = ['vernly', 'sweep', '--help']\n"
        "from vernly.cli.entry import run\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('faker', 'openpyxl', 'fastapi', 'vernly.cli.demo',"
        " 'vernly.cli.retention', 'vernly.cli.sweep', 'alembic', 'email_validator',"
        " 'phonenumbers', 'vernly.engine.retention.status') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.strip().splitlines()[-1]
    # Only the sweep's own module: not even the holds, events and tasks of cli/retention.
    assert out == "['vernly.cli.sweep']"


def test_help_without_a_command_lists_every_group() -> None:
    out = subprocess.run([sys.executable, "-m", "vernly", "--help"], capture_output=True,
                         text=True, check=True).stdout
    for name in ("policy", "request", "sweep", "consent", "demo", "serve"):
        assert name in out
