"""`vernly status`, `vernly hold` and `vernly retention`: legal holds, events, manual tasks,
and the proof next to every promise (`vernly sweep` itself is in `cli/sweep.py`).

`--now` (or VERNLY_NOW) moves the clock, so a demo can watch the 7-day CCTV rule act.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import typer

from vernly.cli.app import app
from vernly.cli.common import WorkspaceOption, handle_errors, policy_for, print_json, settings_for
from vernly.cli.moments import NowOption, parse_moment, settings_at
from vernly.engine.retention import events, holds, tasks
from vernly.engine.retention.rules import retention_for
from vernly.engine.retention.status import build_status
from vernly.ledger.db import Ledger

JsonOption = typer.Option(False, "--json", help="Print JSON.")
ByOption = typer.Option(None, "--by", help="Who does it (default: $VERNLY_OPERATOR or login).")

hold_app = typer.Typer(help="Legal holds: keep data through sweeps.", no_args_is_help=True)
retention_app = typer.Typer(help="Retention rules, events and manual tasks.",
                            no_args_is_help=True)
event_app = typer.Typer(help="Events that start a retention period.", no_args_is_help=True)
app.add_typer(hold_app, name="hold")
app.add_typer(retention_app, name="retention")
retention_app.add_typer(event_app, name="event")


def _by(given: str | None) -> str:
    return given or os.environ.get("VERNLY_OPERATOR") or getpass.getuser()


@app.command()
@handle_errors
def status(
    as_json: bool = JsonOption,
    now: str | None = NowOption,
    check: bool = typer.Option(False, "--check",
                               help="Exit 3 when a promise is overdue, stale or unreadable."),
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Every retention promise of the notice next to what is true now."""
    settings = settings_at(workspace, now)
    with retention_for(settings, policy_for(settings)) as ctx:
        report = build_status(ctx, ctx.now())
    if as_json:
        print_json(report)
    else:
        last = report["last_sweep"]
        typer.echo(f"Retention status at {report['as_of']} (grace {report['grace_seconds']} s; "
                   f"last sweep: {last['as_of'] + ' ' + last['status'] if last else 'never'})")
        for p in report["promises"]:
            where = p.get("dataset") or p["activity"]
            typer.echo(f"[{p['state']:<10}] {p['section']:<8} {where:<28} {p['text']}")
            if p.get("rule"):
                typer.echo(f"{'':13}promise: {p['promise']['en']} ({p['duration']}, "
                           f"{p['trigger']}); limit {(p['limit'] or '-')[:19]}; oldest "
                           f"{(p['oldest'] or '-')[:19]}")
            for d in p.get("datasets") or []:
                typer.echo(f"{'':13}{d['dataset']}: oldest record "
                           f"{(d.get('oldest') or d.get('error') or '-')[:19]}")
    if check and any(p["state"] in ("overdue", "stale", "error") for p in report["promises"]):
        raise typer.Exit(3)


@hold_app.command("add")
@handle_errors
def hold_add(
    reason: str = typer.Option(..., "--reason", help="Why: case number, order, litigation."),
    email: str | None = typer.Option(None, "--email", help="Hold a person by e-mail."),
    phone: str | None = typer.Option(None, "--phone", help="Hold a person by phone."),
    system: str | None = typer.Option(None, "--system", help="Hold a whole system."),
    dataset: str | None = typer.Option(None, "--dataset", help="Hold one table (system.table)."),
    until: str | None = typer.Option(None, "--until", help="End date (inclusive) or date-time."),
    by: str | None = ByOption,
    as_json: bool = JsonOption,
    now: str | None = NowOption,
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Place a legal hold: sweeps keep what it covers until it is lifted or ends."""
    settings = settings_at(workspace, now)
    loaded = policy_for(settings)
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    try:
        with ledger.session() as session:
            hold = holds.add_hold(
                session, loaded.policy, reason=reason, set_by=_by(by), now=settings.now(),
                email=email, phone=phone, system=system, dataset=dataset,
                until=parse_moment(until, "--until", end_of_day=True) if until else None)
            out = holds.hold_dict(hold)
    finally:
        ledger.dispose()
    if as_json:
        print_json(out)
    else:
        typer.echo(f"Hold {out['id']} placed on {out['target'] or 'a person'}"
                   f"{' until ' + out['until'] if out['until'] else ' until lifted'}.")


@hold_app.command("list")
@handle_errors
def hold_list(
    include_ended: bool = typer.Option(False, "--all", help="Include lifted and ended holds."),
    as_json: bool = JsonOption,
    now: str | None = NowOption,
    workspace: Path | None = WorkspaceOption,
) -> None:
    """List the holds in force (with --all, every hold ever placed)."""
    settings = settings_at(workspace, now)
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    try:
        with ledger.session() as session:
            found = [holds.hold_dict(h) for h in
                     holds.list_holds(session, settings.now(), include_ended=include_ended)]
    finally:
        ledger.dispose()
    if as_json:
        print_json(found)
        return
    if not found:
        typer.echo("No holds in force.")
    for h in found:
        target = h["target"] or " / ".join(x for x in (h["email"], h["phone"]) if x)
        ended = f" lifted {h['lifted_at'][:10]}" if h["lifted_at"] else ""
        typer.echo(f"{h['id']}  {h['scope']:<7} {target:<32} until {(h['until'] or '-')[:10]}"
                   f"  by {h['set_by']}: {h['reason']}{ended}")


@hold_app.command("lift")
@handle_errors
def hold_lift(
    hold_id: str = typer.Argument(..., help="The hold's id (hold-...)."),
    reason: str | None = typer.Option(None, "--reason", help="Why the hold is lifted."),
    by: str | None = ByOption,
    now: str | None = NowOption,
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Lift a hold: the next sweep treats its data like any other."""
    settings = settings_at(workspace, now)
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    try:
        with ledger.session() as session:
            holds.lift_hold(session, hold_id, lifted_by=_by(by), now=settings.now(),
                            reason=reason)
    finally:
        ledger.dispose()
    typer.echo(f"Hold {hold_id} lifted.")


@retention_app.command("rules")
@handle_errors
def rules(as_json: bool = JsonOption, workspace: Path | None = WorkspaceOption) -> None:
    """The compiled retention rules: one per dataset of every promise."""
    from vernly.engine.retention.rules import compile_or_fail

    compiled = compile_or_fail(policy_for(settings_for(workspace)))
    found = [{"rule": r.id, "dataset": r.dataset, "mode": r.mode.value,
              "action": r.action.value, "duration": r.duration, "trigger": r.trigger.value,
              "timestamp_field": r.timestamp_field, "cascade": [c.table for c in r.cascade],
              "owner": r.owner if r.is_manual else None} for r in compiled.rules]
    if as_json:
        print_json(found)
        return
    for r in found:
        typer.echo(f"{r['rule']:<44} {r['mode']:<12} {r['action']:<12} {r['duration']:<6} "
                   f"{r['trigger']}")


@event_app.command("add")
@handle_errors
def event_add(
    dataset: str = typer.Option(..., "--dataset", help="system.table the event concerns."),
    key: str = typer.Option(..., "--key", help="Primary key of the row, or '*' for all rows."),
    kind: str = typer.Option(..., "--kind", help=f"One of: {', '.join(events.KINDS)}."),
    at: str = typer.Option(..., "--at", help="When it happened (ISO 8601)."),
    by: str | None = ByOption,
    now: str | None = NowOption,
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Record that a contract ended, a purpose ended or consent was withdrawn."""
    settings = settings_at(workspace, now)
    loaded = policy_for(settings)
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    try:
        with ledger.session() as session:
            event = events.record_event(session, loaded.policy, dataset=dataset, key=key,
                                        kind=kind, at=parse_moment(at, "--at"),
                                        recorded_by=_by(by), now=settings.now())
            event_id = event.id
    finally:
        ledger.dispose()
    typer.echo(f"Event {event_id} recorded: {kind} for {dataset} key {key}.")


@event_app.command("list")
@handle_errors
def event_list(dataset: str | None = typer.Option(None, "--dataset"), as_json: bool = JsonOption,
               workspace: Path | None = WorkspaceOption) -> None:
    """Recorded retention events."""
    settings = settings_for(workspace)
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    try:
        with ledger.session() as session:
            found = [events.event_dict(e) for e in events.list_events(session, dataset)]
    finally:
        ledger.dispose()
    if as_json:
        print_json(found)
        return
    for e in found:
        typer.echo(f"{e['id']:>5}  {e['dataset']:<28} {e['key']:<12} {e['kind']:<18} {e['at']}")


@retention_app.command("tasks")
@handle_errors
def task_list(include_done: bool = typer.Option(False, "--all", help="Include confirmed ones."),
              as_json: bool = JsonOption, now: str | None = NowOption,
              workspace: Path | None = WorkspaceOption) -> None:
    """Retention rules others carry out, waiting for their confirmation."""
    settings = settings_at(workspace, now)
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    try:
        with ledger.session() as session:
            found = [tasks.task_dict(t, settings.now())
                     for t in tasks.list_tasks(session, open_only=not include_done)]
    finally:
        ledger.dispose()
    if as_json:
        print_json(found)
        return
    if not found:
        typer.echo("No open retention tasks.")
    for t in found:
        assert t is not None
        typer.echo(f"{t['id']}  {t['state']:<9} due {t['due_at'][:10]}  {t['owner']}: "
                   f"{t['instructions']}")


@retention_app.command("confirm")
@handle_errors
def task_confirm(task_id: str = typer.Argument(...), by: str | None = ByOption,
                 note: str | None = typer.Option(None, "--note"), now: str | None = NowOption,
                 workspace: Path | None = WorkspaceOption) -> None:
    """Confirm that the owner carried out a manual retention task."""
    settings = settings_at(workspace, now)
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    try:
        with ledger.session() as session:
            tasks.confirm_task(session, task_id, by=_by(by), note=note, now=settings.now())
    finally:
        ledger.dispose()
    typer.echo(f"Task {task_id} confirmed.")
