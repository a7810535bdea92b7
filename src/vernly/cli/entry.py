"""Console entry point: load only the command group the arguments name.

Importing every group pulls in openpyxl, Faker, Alembic and the web stack (over a second);
a cron job running `vernly sweep` should not pay for the demo builder. `vernly --help` and
`vernly --version` load no command at all (not even Typer): they are printed from the
table in `commands`.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import sys

from vernly.cli.commands import COMMANDS, load_commands, overview


def _wanted(argv: list[str]) -> set[str] | None:
    first = next((a for a in argv if not a.startswith("-")), None)
    if first is None or first not in COMMANDS:
        return None  # help, --version or a typo: load everything so Typer can list all
    return {COMMANDS[first]}


def run() -> None:
    argv = sys.argv[1:]
    if argv in ([], ["--help"], ["-h"]):
        print(overview())
        raise SystemExit(0 if argv else 2)
    if argv == ["--version"]:
        from vernly import __version__

        print(f"vernly {__version__}")
        raise SystemExit(0)
    # A process killed by a fatal signal (a crash in a driver's C code) says so, with every
    # thread's stack, on stderr instead of vanishing without a line.
    with contextlib.suppress(OSError, RuntimeError):  # no stderr to write to: nothing to say
        faulthandler.enable()
    # Loading a command makes some hundred thousand objects that live as long as the
    # process (SQLAlchemy, pydantic, Typer). Collecting cycles among them while they are
    # made, and again at exit, was a third of an idle `vernly sweep`; so the collector is
    # off while they load, they are frozen out of it, and it runs again for the command.
    gc.disable()
    from vernly.cli.app import app

    load_commands(_wanted(argv))
    gc.freeze()
    gc.enable()
    app()
