"""What every command shares: settings, the workspace's policy, and error handling.

Domain code raises `VernlyError`; here it becomes one line on stderr and an exit code,
never a traceback.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer

from vernly.errors import VernlyError
from vernly.policy.errors import PolicyError
from vernly.policy.loader import LoadedPolicy, load_policy
from vernly.settings import POLICY_FILE, Settings, load_settings

P = ParamSpec("P")
R = TypeVar("R")

WorkspaceOption = typer.Option(
    None, "--workspace", "-w",
    help="Workspace folder (default: current folder or $VERNLY_WORKSPACE).",
)


def fail(message: str, code: int = 1) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn vernly's own errors into one-line messages and exit codes."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except PolicyError as exc:
            for problem in exc.problems:
                typer.echo(str(problem), err=True)
            raise typer.Exit(exc.exit_code) from None
        except VernlyError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper


def settings_for(workspace: Path | None) -> Settings:
    """The workspace's settings; outside a workspace (no vernly.yaml) one line and exit 2,
    before anything (a ledger, a key file) is created there."""
    settings = load_settings(workspace)
    if not settings.policy_path.is_file():
        fail(f"error: {settings.workspace}: not a vernly workspace (no {POLICY_FILE}); run "
             "'vernly init' there or pass --workspace", 2)
    return settings


def policy_for(settings: Settings) -> LoadedPolicy:
    return load_policy(settings.policy_path)


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n")
