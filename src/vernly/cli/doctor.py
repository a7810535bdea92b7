"""`vernly doctor`: one line per thing the workspace depends on, and what to fix."""

from __future__ import annotations

from pathlib import Path

import typer

from vernly.cli.app import app
from vernly.cli.common import WorkspaceOption, handle_errors, print_json, settings_for


@app.command()
@handle_errors
def doctor(as_json: bool = typer.Option(False, "--json", help="Print the checks as JSON."),
           workspace: Path | None = WorkspaceOption) -> None:
    """Check the policy, the ledger, every declared system and the SMTP server; each
    problem is one line saying what is wrong (exit 1 when there is one)."""
    from vernly.engine.doctor import diagnose

    checks = diagnose(settings_for(workspace))
    problems = [c for c in checks if not c.ok]
    if as_json:
        print_json({"ok": not problems, "checks": [c.to_dict() for c in checks]})
    else:
        width = max(len(c.name) for c in checks)
        for check in checks:
            typer.echo(f"{'ok' if check.ok else 'PROBLEM':<7}  {check.name:<{width}}  "
                       f"{check.line}", err=not check.ok)
        typer.echo("ready" if not problems else
                   f"{len(problems)} problem{'s' if len(problems) > 1 else ''}: "
                   f"{problems[0].name}: {problems[0].line}")
    if problems:
        raise typer.Exit(1)
