"""`vernly audit`: check the hash chain of the audit log and read its newest entries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from sqlalchemy import select

from vernly.cli.app import app
from vernly.cli.common import WorkspaceOption, handle_errors, print_json, settings_for
from vernly.engine import actors
from vernly.ledger import audit as chain
from vernly.ledger.db import Ledger

audit_app = typer.Typer(help="The append-only, hash-chained audit log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
@handle_errors
def verify(as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
           workspace: Path | None = WorkspaceOption) -> None:
    """Walk the chain: exit 0 when intact, 1 with the first broken link (seq and reason)."""
    settings = settings_for(workspace)
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    try:
        with ledger.session() as session:
            report = chain.verify(session)
    finally:
        ledger.dispose()
    if as_json:
        print_json({"ok": report.ok, "entries": report.entries, "broken_at": report.broken_at,
                    "reason": report.reason})
    elif report.ok:
        typer.echo(f"audit log intact: {report.entries} entries")
    else:
        typer.echo(f"audit log broken at entry {report.broken_at}: {report.reason} "
                   f"({report.entries} entries before it are intact)", err=True)
    if not report.ok:
        raise typer.Exit(1)


@audit_app.command("log")
@handle_errors
def log(limit: int = typer.Option(50, "--limit", help="How many of the newest entries."),
        as_json: bool = typer.Option(False, "--json", help="Print the entries as JSON."),
        workspace: Path | None = WorkspaceOption) -> None:
    """The newest entries, oldest of them first."""
    settings = settings_for(workspace)
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    try:
        with ledger.session() as session:
            rows = session.execute(select(chain.AuditEntry).order_by(chain.AuditEntry.seq.desc())
                                   .limit(max(1, limit))).scalars().all()
            shown = actors.display_all(session, (e.actor for e in rows))
            entries: list[dict[str, Any]] = [
                {"seq": e.seq, "at": e.at, "actor": shown[e.actor], "action": e.action,
                 "target": e.target, "system": e.system, "counts": e.counts, "detail": e.detail}
                for e in reversed(rows)]
    finally:
        ledger.dispose()
    if as_json:
        print_json(entries)
        return
    for e in entries:
        counts = " ".join(f"{k}={v}" for k, v in (e["counts"] or {}).items())
        typer.echo(f"{e['seq']:>6} {e['at']:%Y-%m-%d %H:%M:%S} {e['actor']:<20} {e['action']:<24}"
                   f" {e['target'] or '':<18} {e['system'] or '':<12} {counts}")
