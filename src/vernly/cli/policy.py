"""`vernly policy`: check the policy file against the GDPR before anyone relies on it."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import typer

from vernly.cli.app import app
from vernly.cli.common import handle_errors, print_json
from vernly.policy.lint import RULES, Severity, lint
from vernly.policy.loader import load_policy

policy_app = typer.Typer(help="Check the policy (vernly.yaml).", no_args_is_help=True)
app.add_typer(policy_app, name="policy")


def _policy_path(path: Path | None) -> Path:
    # Kept relative as given, so findings read `vernly.yaml:12:5` inside a workspace.
    return path or Path(os.environ.get("VERNLY_WORKSPACE") or ".")


@policy_app.command()
@handle_errors
def check(
    path: Path | None = typer.Argument(
        None, help="Workspace folder or policy file (default: the current workspace)."),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as a JSON list."),
) -> None:
    """Lint the policy against the GDPR: exit 0 without errors, 1 with, 2 if it does not load."""
    loaded = load_policy(_policy_path(path))
    findings = lint(loaded)
    if as_json:
        print_json([f.to_dict() for f in findings])
    else:
        for finding in findings:
            typer.echo(str(finding))
        typer.echo(_summary(loaded.source, Counter(f.severity for f in findings)))
    if any(f.severity == Severity.error for f in findings):
        raise typer.Exit(1)


def _summary(source: str, counts: Counter[Severity]) -> str:
    if not counts:
        return f"{source}: no findings"
    parts = [f"{counts[s]} {s}{'' if counts[s] == 1 else 's'}" for s in Severity if counts[s]]
    return f"{source}: {', '.join(parts)}"


@policy_app.command()
def rules(as_json: bool = typer.Option(False, "--json", help="Print the rules as JSON.")) -> None:
    """List the linter's rules with their stable codes, severity and legal basis."""
    if as_json:
        print_json([{"code": r.code, "severity": str(r.severity), "article": r.article,
                     "title": r.title} for r in RULES])
        return
    for r in RULES:
        typer.echo(f"{r.code}  {r.severity:<7}  {r.title} [{r.article}]")
