"""`vernly request`: data subject requests run by an operator who has verified the person.

`vernly request access --email kari@example.no` registers the request, records the
operator's verification and runs it now, printing what was found or done per system.
"""

from __future__ import annotations

import getpass
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import typer

from vernly.cli.app import app
from vernly.cli.common import WorkspaceOption, handle_errors, policy_for, print_json, settings_for
from vernly.engine.requests import service
from vernly.engine.requests.kinds import RequestKind
from vernly.engine.requests.views import RequestView, StepView
from vernly.errors import InvalidInput
from vernly.ledger.db import Ledger
from vernly.notices.access_report import render

request_app = typer.Typer(help="Data subject requests (access, erasure, ...).",
                          no_args_is_help=True)
app.add_typer(request_app, name="request")

EmailOption = typer.Option(..., "--email", help="The person's e-mail address.")
PhoneOption = typer.Option(None, "--phone", help="The person's phone number.")
JsonOption = typer.Option(False, "--json", help="Print the result as JSON.")
OperatorOption = typer.Option(
    None, "--operator", help="Who verified the person (default: $VERNLY_OPERATOR or your login).")
OutOption = typer.Option(None, "--out", help="Also copy the package into this folder.")
IpOption = typer.Option(None, "--ip", help="IP address, to find web server log lines.")
CustomerOption = typer.Option(None, "--customer-number", help="Customer number.")
FromOption = typer.Option(None, "--from", help="Start of a time window (recordings), ISO 8601.")
ToOption = typer.Option(None, "--to", help="End of the time window, ISO 8601.")
CameraOption = typer.Option(None, "--camera", help="Camera name (repeatable).")
IdentifierOption = typer.Option(
    None, "--id", help="Another identifier as kind=value, e.g. national_id=01010012356 "
    "(repeatable; kinds are the policy's column identities).")


def operator_name(given: str | None) -> str:
    name = given or os.environ.get("VERNLY_OPERATOR") or getpass.getuser()
    return f"operator:{name}" if not name.startswith("operator:") else name


def parse_sets(pairs: list[str], option: str = "--set") -> dict[str, str]:
    changes: dict[str, str] = {}
    for pair in pairs:
        field, sep, value = pair.partition("=")
        if not sep or not field.strip():
            raise InvalidInput(f"{option} {pair!r}: expected field=value")
        changes[field.strip()] = value
    return changes


def _details(ip: str | None, customer: str | None, start: str | None, end: str | None,
             cameras: list[str] | None, **more: Any) -> dict[str, Any]:
    details: dict[str, Any] = {k: v for k, v in more.items() if v}
    for key, value in (("ip_address", ip), ("customer_number", customer),
                       ("window_start", start), ("window_end", end)):
        if value:
            details[key] = value
    if cameras:
        details["cameras"] = list(cameras)
    return details


def summary(v: RequestView) -> dict[str, Any]:
    """The machine-readable summary `--json` prints (no personal data)."""
    return {
        "id": v.id, "kind": v.kind, "state": v.state,
        "received_at": v.received_at, "deadline_at": v.deadline_at, "overdue": v.overdue,
        "verified_by": v.verified_by, "rejected_reason": v.rejected_reason,
        "systems": v.result.get("systems", {}),
        "package": v.package_path,
        "tasks": [{"id": t.id, "system": t.system_id, "owner": t.owner,
                   "due": t.due_at.date().isoformat(), "done": t.done_at is not None}
                  for t in v.tasks],
        "result": v.result,
        "waiting_on": v.waiting_on,
        "next_attempt_at": v.next_attempt_at,
        "failed_runs": v.failed_runs,
    }


def step_json(s: StepView) -> dict[str, Any]:
    return {"phase": s.phase, "system_id": s.system_id, "status": s.status,
            "attempts": s.attempts, "error": s.error, "error_at": s.error_at,
            "started_at": s.started_at, "finished_at": s.finished_at,
            "waits_for": s.waits_for, "counts": s.counts, "detail": s.detail}


def _at(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def waiting_line(v: RequestView) -> str | None:
    """`waiting on visitors; next attempt 2026-01-31 09:01 UTC (retry 1)`, or None."""
    if not v.waiting_on:
        return None
    line = f"waiting on {', '.join(v.waiting_on)}"
    if v.next_attempt_at:
        line += f"; next attempt {_at(v.next_attempt_at)} (failed runs {v.failed_runs})"
    return line


def step_line(s: StepView) -> str:
    """One step: status, attempts, what it waits for and its last error with the time."""
    line = f"  step {s.phase}/{s.system_id}: {s.status} (attempts {s.attempts})"
    if s.waits_for and s.status != "done":
        line += f", waits for {', '.join(s.waits_for)}"
    if s.error:
        label = "error" if s.status == "failed" else "last error"
        when = f" at {_at(s.error_at)}" if s.error_at else ""
        line += f" — {label}{when}: {s.error}"
    return line


def _counts(counts: dict[str, Any]) -> str:
    shown = [f"{k} {v}" for k, v in counts.items() if k != "status" and v]
    return ", ".join(shown) or "nothing found"


def print_summary(v: RequestView) -> None:
    typer.echo(f"Request {v.id} ({v.kind}): {v.state}"
               + (f" — {v.rejected_reason}" if v.rejected_reason else ""))
    typer.echo(f"  received {v.received_at:%Y-%m-%d}, deadline {v.deadline_at:%Y-%m-%d}"
               + (" (OVERDUE)" if v.overdue else "")
               + (f", extended {v.extended_months} month(s)" if v.extended_months else ""))
    outcomes = v.result.get("outcomes", {})
    failed = v.result.get("failed") or {}
    waits = v.result.get("waiting") or {}
    for system, counts in v.result.get("systems", {}).items():
        status = counts.get("status") if isinstance(counts, dict) else None
        if status == "failed":
            typer.echo(f"  {system}: FAILED — {failed.get(system) or 'see its step'}")
            continue
        if system in waits:
            typer.echo(f"  {system}: not yet, waits for {', '.join(waits[system])}")
            continue
        line = f"  {system}: {_counts(counts)}" + (f" [{status}]" if status not in (None, "done")
                                                   else "")
        typer.echo(line)
        done = outcomes.get(system, {})
        for what in ("deleted", "nulled", "masked"):
            per_table = {t: n for t, n in (done.get(what) or {}).items() if n}
            if per_table:
                typer.echo(f"      {what}: " + ", ".join(f"{t} {n}" for t, n in per_table.items()))
        for kept in done.get("kept", []):
            typer.echo(f"      kept {kept['count']} in {kept['table']}: {kept['statute']}, "
                       f"until {kept['until']}")
        shared = {t: n for t, n in (done.get("shared") or {}).items() if n}
        if shared:
            typer.echo("      kept with details erased, as other rows refer to them: "
                       + ", ".join(f"{t} {n}" for t, n in shared.items()))
        for same in done.get("unchanged", []):
            typer.echo(f"      unchanged: {same['table']}.{same['column']} in {same['count']} "
                       f"row(s), {same['reason']}")
        note = outcomes.get(system, {}).get("note")
        if note:
            typer.echo(f"      note: {note}")
    for key in ("flag", "scope", "activities", "marked", "needs_review", "no_withdrawal_column",
                "lifted"):
        if v.result.get(key):
            typer.echo(f"  {key}: {v.result[key]}")
    for task in v.tasks:
        state = f"done {task.done_at:%Y-%m-%d}" if task.done_at else f"due {task.due_at:%Y-%m-%d}"
        typer.echo(f"  task {task.id} ({task.system_id}, {task.action}) for {task.owner}: {state}")
    if v.package_path:
        typer.echo(f"  package: {v.package_path}")
    waiting = waiting_line(v)
    if waiting:
        typer.echo(f"  {waiting}")


def _execute(kind: RequestKind, workspace: Path | None, email: str, phone: str | None,
             details: dict[str, Any], operator: str | None, out: Path | None,
             as_json: bool) -> None:
    settings = settings_for(workspace)
    loaded = policy_for(settings)
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    try:
        result = service.submit_and_run(ledger, settings, loaded, kind, email, phone, details,
                                        operator_name(operator), "cli", renderer=render)
        if out and result.package_path:
            # The store keeps it encrypted; the operator's copy is the zip itself (audited).
            from vernly.engine.requests.downloads import download

            out.mkdir(parents=True, exist_ok=True)
            copied = out / f"{result.id}.zip"
            copied.touch(mode=0o600)
            copied.write_bytes(download(ledger, settings, result, operator_name(operator)))
    finally:
        ledger.dispose()
    if as_json:
        print_json(summary(result))
    else:
        print_summary(result)
    if result.result.get("failed"):
        raise typer.Exit(1)


def _command(kind: RequestKind, name: str, doc: str) -> None:
    @request_app.command(name, help=doc)
    @handle_errors
    def command(
        email: str = EmailOption, phone: str | None = PhoneOption,
        operator: str | None = OperatorOption, out: Path | None = OutOption,
        as_json: bool = JsonOption, ip: str | None = IpOption,
        customer_number: str | None = CustomerOption, start: str | None = FromOption,
        end: str | None = ToOption, camera: list[str] | None = CameraOption,
        identifier: list[str] | None = IdentifierOption,
        workspace: Path | None = WorkspaceOption,
    ) -> None:
        _execute(kind, workspace, email, phone,
                 _details(ip, customer_number, start, end, camera,
                          identifiers=parse_sets(identifier or [], "--id")),
                 operator, out, as_json)


_command(RequestKind.access, "access", "Art. 15: collect everything about the person into a "
         "package (JSON, CSV, report in nb and en).")
_command(RequestKind.portability, "export", "Art. 20: the data the person provided under "
         "consent or contract, as JSON and CSV.")
_command(RequestKind.erasure, "erase", "Art. 17: delete or mask the person's data everywhere, "
         "keeping what a law requires (with statute and date).")
_command(RequestKind.restriction, "restrict", "Art. 18: restrict processing of the person's "
         "data until lifted.")


@request_app.command("rectify")
@handle_errors
def rectify(
    email: str = EmailOption, phone: str | None = PhoneOption,
    changes: list[str] = typer.Option(..., "--set", help="field=value (a data category or a "
                                      "column name); repeatable."),
    operator: str | None = OperatorOption, as_json: bool = JsonOption,
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Art. 16: write new values wherever the field lives."""
    _execute(RequestKind.rectification, workspace, email, phone,
             {"changes": parse_sets(changes)}, operator, None, as_json)


@request_app.command("object")
@handle_errors
def object_(
    email: str = EmailOption, phone: str | None = PhoneOption,
    activities: list[str] | None = typer.Option(
        None, "--activity", help="Activity id objected to (default: all direct marketing)."),
    operator: str | None = OperatorOption, as_json: bool = JsonOption,
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Art. 21: record an objection; absolute for direct marketing."""
    _execute(RequestKind.objection, workspace, email, phone,
             {"activities": list(activities or [])}, operator, None, as_json)


@request_app.command("withdraw")
@handle_errors
def withdraw(
    email: str = EmailOption, phone: str | None = PhoneOption,
    activities: list[str] | None = typer.Option(
        None, "--activity", help="Consent-based activity id (default: all of them)."),
    operator: str | None = OperatorOption, as_json: bool = JsonOption,
    workspace: Path | None = WorkspaceOption,
) -> None:
    """Art. 7(3): withdraw consent; marks consent_withdrawn_at where the systems keep it."""
    _execute(RequestKind.withdraw_consent, workspace, email, phone,
             {"activities": list(activities or [])}, operator, None, as_json)


def _with_ledger(workspace: Path | None) -> tuple[Any, Any, Ledger]:
    settings = settings_for(workspace)
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    return settings, policy_for(settings), ledger


@request_app.command("list")
@handle_errors
def list_(
    overdue: bool = typer.Option(False, "--overdue", help="Only open requests past deadline."),
    state: str | None = typer.Option(None, "--state", help="Only requests in this state."),
    waiting: bool = typer.Option(False, "--waiting", help="Only requests waiting for a "
                                                          "retry because a system failed."),
    limit: int = typer.Option(200, "--limit", help="At most this many, newest first."),
    as_json: bool = JsonOption, workspace: Path | None = WorkspaceOption,
) -> None:
    """List requests, newest first; WAITING marks one whose system failed."""
    settings, loaded, ledger = _with_ledger(workspace)
    try:
        views = service.list_requests(ledger, settings, loaded, state=state, overdue=overdue,
                                      limit=limit, waiting=waiting)
    finally:
        ledger.dispose()
    if as_json:
        print_json([summary(v) for v in views])
        return
    for v in views:
        line = waiting_line(v)
        typer.echo(f"{v.id}  {v.kind:<16} {v.state:<12} received {v.received_at:%Y-%m-%d}  "
                   f"deadline {v.deadline_at:%Y-%m-%d}" + ("  OVERDUE" if v.overdue else "")
                   + (f"  WAITING: {line}" if line else ""))
    if not views:
        typer.echo("no requests")


@request_app.command("show")
@handle_errors
def show(request_id: str = typer.Argument(..., help="Request id."), as_json: bool = JsonOption,
         workspace: Path | None = WorkspaceOption) -> None:
    """Show one request with its steps and tasks."""
    settings, loaded, ledger = _with_ledger(workspace)
    try:
        v = service.get(ledger, settings, loaded, request_id)
    finally:
        ledger.dispose()
    if as_json:
        print_json(summary(v) | {"steps": [step_json(s) for s in v.steps]})
        return
    print_summary(v)
    for s in v.steps:
        typer.echo(step_line(s))


@request_app.command("extend")
@handle_errors
def extend(request_id: str = typer.Argument(..., help="Request id."),
           months: int = typer.Option(..., "--months", help="1 or 2 (the total extension)."),
           reason: str = typer.Option(..., "--reason", help="Why; the person is told."),
           operator: str | None = OperatorOption, as_json: bool = JsonOption,
           workspace: Path | None = WorkspaceOption) -> None:
    """Art. 12(3): extend the deadline within the first month, e-mailing the person."""
    settings, loaded, ledger = _with_ledger(workspace)
    try:
        v = service.extend(ledger, settings, loaded, request_id, months, reason,
                           operator_name(operator))
    finally:
        ledger.dispose()
    print_json(summary(v)) if as_json else print_summary(v)


@request_app.command("lift")
@handle_errors
def lift(request_id: str = typer.Argument(..., help="The restriction request's id."),
         operator: str | None = OperatorOption, as_json: bool = JsonOption,
         workspace: Path | None = WorkspaceOption) -> None:
    """Art. 18(3): lift a restriction, e-mailing the person before it is lifted."""
    settings, loaded, ledger = _with_ledger(workspace)
    try:
        v = service.lift(ledger, settings, loaded, request_id, operator_name(operator))
    finally:
        ledger.dispose()
    print_json(summary(v)) if as_json else print_summary(v)


@request_app.command("task-done")
@handle_errors
def task_done(task_id: str = typer.Argument(..., help="Task id (task-...)."),
              note: str | None = typer.Option(None, "--note", help="What was done."),
              operator: str | None = OperatorOption, as_json: bool = JsonOption,
              workspace: Path | None = WorkspaceOption) -> None:
    """Confirm a manual task (e.g. erasure at a processor) done."""
    settings, loaded, ledger = _with_ledger(workspace)
    try:
        v = service.task_done(ledger, settings, loaded, task_id, operator_name(operator), note)
    finally:
        ledger.dispose()
    print_json(summary(v)) if as_json else print_summary(v)


@request_app.command("answer")
@handle_errors
def answer(task_id: str = typer.Argument(..., help="The access task's id (task-...)."),
           files: list[Path] = typer.Option([], "--file", exists=True, dir_okay=False,
                                            help="A file the processor sent (repeatable)."),
           holds_nothing: bool = typer.Option(False, "--holds-nothing",
                                              help="The processor holds nothing about the "
                                                   "person."),
           yes: bool = typer.Option(False, "--yes", help="Confirm without asking."),
           operator: str | None = OperatorOption, as_json: bool = JsonOption,
           workspace: Path | None = WorkspaceOption) -> None:
    """Attach what a processor returned to an access task (or record that it holds nothing),
    then confirm: the package is rebuilt with it and the request completes."""
    from vernly.engine.requests import answers

    settings, loaded, ledger = _with_ledger(workspace)
    try:
        staged = answers.stage(ledger, settings, task_id,
                               [(f.name, f.read_bytes()) for f in files], holds_nothing,
                               operator_name(operator))
        what = ("holds nothing about the person" if staged.holds_nothing else
                ", ".join(f"{f['name']} ({f['bytes']} bytes)" for f in staged.files))
        typer.echo(f"staged for {task_id} ({staged.system_id}): {what}", err=as_json)
        if not yes and not typer.confirm("Rebuild the package with this answer and tell "
                                         "the person?", err=True):
            typer.echo("not confirmed; the answer stays staged", err=True)
            raise typer.Exit(1)
        v = answers.confirm(ledger, settings, loaded, task_id, operator_name(operator),
                            renderer=render)
    finally:
        ledger.dispose()
    print_json(summary(v)) if as_json else print_summary(v)


@request_app.command("reject")
@handle_errors
def reject(request_id: str = typer.Argument(..., help="Request id."),
           reason: str = typer.Option(..., "--reason", help="Why it is rejected."),
           operator: str | None = OperatorOption, as_json: bool = JsonOption,
           workspace: Path | None = WorkspaceOption) -> None:
    """Close a request without executing it, with a reason."""
    settings, loaded, ledger = _with_ledger(workspace)
    try:
        v = service.reject(ledger, settings, loaded, request_id, reason, operator_name(operator))
    finally:
        ledger.dispose()
    print_json(summary(v)) if as_json else print_summary(v)


@request_app.command("run")
@handle_errors
def run(request_id: str = typer.Argument(..., help="Request id."),
        operator: str | None = OperatorOption, as_json: bool = JsonOption,
        workspace: Path | None = WorkspaceOption) -> None:
    """Run (or resume after a crash) a verified request."""
    settings, loaded, ledger = _with_ledger(workspace)
    try:
        v = service.run(ledger, settings, loaded, request_id, operator_name(operator),
                        renderer=render)
    finally:
        ledger.dispose()
    print_json(summary(v)) if as_json else print_summary(v)
    if v.result.get("failed"):
        raise typer.Exit(1)


@request_app.command("retry")
@handle_errors
def retry(operator: str | None = typer.Option(
              None, "--operator", help="Who runs the retries (default: scheduler, as in "
                                      "`vernly serve`)."),
          as_json: bool = JsonOption, workspace: Path | None = WorkspaceOption) -> None:
    """Run every request whose retry after a failed system is due (what `vernly serve` does
    every minute; for cron when nothing serves)."""
    from vernly.engine.requests.retries import retry_due

    settings, loaded, ledger = _with_ledger(workspace)
    try:
        retried = retry_due(ledger, settings, loaded, render,
                            operator_name(operator) if operator else "system")
    finally:
        ledger.dispose()
    if as_json:
        print_json([r.__dict__ for r in retried])
        return
    for r in retried:
        typer.echo(f"{r.request_id}: {r.state}"
                   + (f", waiting on {', '.join(r.failed)}" if r.failed else "")
                   + (f" — {r.error}" if r.error else ""))
    if not retried:
        typer.echo("no retries due")
