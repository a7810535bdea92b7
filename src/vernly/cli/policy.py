"""`vernly policy`: check the policy file against the GDPR and the live databases before
anyone relies on it, and draft a system's entry from a database."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import typer

from vernly.cli.app import app
from vernly.cli.common import fail, handle_errors, print_json
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
    connect: bool = typer.Option(
        False, "--connect",
        help="Also compare every SQL system with its live database (VL95x): tables, "
             "columns, keys, references, and undeclared personal data."),
) -> None:
    """Lint the policy against the GDPR, and with --connect against the live databases:
    exit 0 without errors, 1 with, 2 if it does not load."""
    where = _policy_path(path)
    loaded = load_policy(where)
    findings = lint(loaded)
    if connect:
        from vernly.connectors.schema_check import check_databases

        workspace = where if where.is_dir() else where.parent
        findings = sorted([*findings, *check_databases(loaded, workspace, os.environ)])
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
@handle_errors
def draft(
    url: str = typer.Option(..., "--url", help="SQLAlchemy URL of the database to describe."),
    system: str | None = typer.Option(
        None, "--system", help="Id of the system (default: from the database's name)."),
    out: Path | None = typer.Option(None, "--out", help="Write to this file, not stdout."),
    force: bool = typer.Option(False, "--force", help="Overwrite the --out file."),
) -> None:
    """Print a starting `systems:` entry for vernly.yaml from a database's own schema."""
    from vernly.connectors.draft import draft_system

    if out is not None and out.exists() and not force:
        fail(f"{out}: already exists; use --force to overwrite it", 1)
    text = draft_system(url, system)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"{out}: wrote the draft; paste it under 'systems:' in vernly.yaml",
                   err=True)


@policy_app.command()
def rules(as_json: bool = typer.Option(False, "--json", help="Print the rules as JSON.")) -> None:
    """List the linter's rules with their stable codes, severity and legal basis."""
    if as_json:
        print_json([{"code": r.code, "severity": str(r.severity), "article": r.article,
                     "title": r.title} for r in RULES])
        return
    for r in RULES:
        typer.echo(f"{r.code}  {r.severity:<7}  {r.title} [{r.article}]")


@policy_app.command()
@handle_errors
def schema(
    out: Path | None = typer.Option(None, "--out", help="Write to this file, not stdout."),
) -> None:
    """Print the policy's JSON Schema, for editors (yaml-language-server, VS Code)."""
    from vernly.policy.json_schema import schema_text

    if out is None:
        typer.echo(schema_text(), nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(schema_text(), encoding="utf-8")
    typer.echo(f"{out}: wrote the JSON Schema of vernly.yaml", err=True)


@app.command()
def explain(code: str = typer.Argument(..., help="A linter code, e.g. VL201.")) -> None:
    """Explain a linter code: what it checks, the GDPR article, and how to fix it."""
    from vernly.policy.lint.explanations import explain as explanation
    from vernly.policy.lint.explanations import nearest_codes, rule_of

    rule = rule_of(code)
    if rule is None:
        fail(f"unknown linter code '{code}', nearest: {', '.join(nearest_codes(code))} "
             "('vernly policy rules' lists them all)", 2)
        return
    typer.echo(explanation(rule), nl=False)
