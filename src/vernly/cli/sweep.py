"""`vernly sweep`: carry out every retention rule, the one-shot for cron (`vernly serve` and
`vernly worker` run the same sweep on a schedule).

A module of its own so that `vernly sweep` loads (and Typer builds) this one command, not
the holds, events and tasks of `cli/retention.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from vernly.cli.app import app
from vernly.cli.common import WorkspaceOption, handle_errors, policy_for, print_json
from vernly.cli.moments import NowOption, settings_at
from vernly.engine.retention.rules import retention_for
from vernly.engine.retention.sweep import run_sweep

JsonOption = typer.Option(False, "--json", help="Print JSON.")


@app.command()
@handle_errors
def sweep(
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the plan; change nothing."),
    as_json: bool = JsonOption,
    now: str | None = NowOption,
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Carry out every retention rule (or, with --dry-run, show what would be done)."""
    settings = settings_at(workspace, now)
    with retention_for(settings, policy_for(settings)) as ctx:
        report = run_sweep(ctx, dry_run=dry_run, actor="system")
    if as_json:
        print_json(report.to_dict())
    else:
        _print_report(report.to_dict())
    if not report.ok:
        raise typer.Exit(1)


def _age(days: Any) -> str:
    return "-" if days is None else f"{days:g} d"


def _print_report(report: dict[str, Any]) -> None:
    title = "Sweep plan (dry run, nothing changed)" if report["dry_run"] else "Sweep"
    typer.echo(f"{title} {report['run']} at {report['as_of']}: {report['status']}")
    if report.get("message"):
        typer.echo(report["message"])
    typer.echo(f"{'RULE':<44} {'KIND':<9} {'CUTOFF':<10} {'MATCHED':>8} {'DONE':>8} "
               f"{'HOLD':>5} {'RESTR':>5}  OLDEST")
    for r in report["rules"]:
        done = r.get("to_act") if report["dry_run"] else sum(
            int(r.get(k) or 0) for k in ("deleted", "anonymised", "nulled", "masked",
                                         "truncated"))
        cutoff = (r.get("cutoff") or "-")[:10]
        oldest = _age(r.get("oldest_age_days")) if report["dry_run"] else (
            (r.get("oldest_remaining") or "-")[:10])
        line = (f"{r['rule']:<44} {r['kind']:<9} {cutoff:<10} {r['matched']:>8} "
                f"{done if r['kind'] != 'manual' else '-':>8} {r['skipped_hold']:>5} "
                f"{r['skipped_restricted']:>5}  {oldest}")
        typer.echo(line)
        if r.get("held_by"):
            typer.echo(f"    skipped: under legal hold {', '.join(r['held_by'])}")
        if r.get("with_parent"):
            typer.echo(f"    removed with {r['with_parent']}")
        if r.get("cascade"):
            typer.echo(f"    also removes referencing rows in: {', '.join(r['cascade'])}")
        manual = r.get("manual") or {}
        task = manual.get("task") or r.get("task")
        if r["kind"] == "manual":
            said = manual.get("instructions") or (task or {}).get("instructions")
            typer.echo(f"    manual: {said}")
            if task:
                typer.echo(f"    task {task['id']}: {task['state']}, due {task['due_at'][:10]}")
        if r.get("error"):
            typer.echo(f"    error: {r['error']}")
