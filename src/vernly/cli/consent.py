"""`vernly consent`: read the consent ledger, ask for a decision, and expire stale consent.

    vernly consent show RECORD_ID         state per purpose and the full history
    vernly consent receipt RECORD_ID      the ISO/IEC TS 27560 receipt (JSON)
    vernly consent decide --subject kari@example.no --purpose marketing
    vernly consent list --subject kari@example.no
    vernly consent expire                 record 'expired' for stale consent (idempotent)
"""

from __future__ import annotations

from pathlib import Path

import typer

from vernly.cli.app import app
from vernly.cli.common import WorkspaceOption, handle_errors, policy_for, print_json, settings_for
from vernly.connectors.identity import normalise_email
from vernly.engine.consent import decision, expiry, receipt, service
from vernly.engine.consent.catalogue import build_catalogue
from vernly.ledger.db import Ledger

consent_app = typer.Typer(help="The consent ledger: records, receipts, decisions, expiry.",
                          no_args_is_help=True)
app.add_typer(consent_app, name="consent")

JsonOption = typer.Option(False, "--json", help="Print JSON.")


@consent_app.command("show")
@handle_errors
def show(record_id: str = typer.Argument(..., help="Consent record id."),
         as_json: bool = JsonOption, workspace: Path | None = WorkspaceOption) -> None:
    """A record's current state per purpose and its history."""
    settings = settings_for(workspace)
    catalogue = build_catalogue(policy_for(settings).policy)
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    with ledger.session() as session:
        record = service.get_record(session, record_id)
        view = receipt.record_view(record, service.history(session, record.id), catalogue,
                                   settings.now())
    if as_json:
        print_json(view)
        return
    typer.echo(f"record {view['record_id']} ({view['subject_type']}), notice "
               f"{view['notice_version']}, method {view['method']}, expires "
               f"{view['expires_at'][:10]}" + (f" [{view['stale']}]" if view["stale"] else ""))
    for purpose, state in view["state"].items():
        typer.echo(f"  {purpose:<20} {state['status']:<10} since {state['since'][:19]} "
                   f"({state['method']})")
    typer.echo("history:")
    for event in view["history"]:
        what = event["purpose"] + (f"/{event['service']}" if event["service"] else "")
        typer.echo(f"  {event['at'][:19]}  {event['event']:<9} {what:<30} {event['method']}")


@consent_app.command("receipt")
@handle_errors
def receipt_cmd(record_id: str = typer.Argument(..., help="Consent record id."),
                workspace: Path | None = WorkspaceOption) -> None:
    """The record as a signed ISO/IEC TS 27560 receipt (JSON)."""
    settings = settings_for(workspace)
    policy = policy_for(settings).policy
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    with ledger.session() as session:
        record = service.get_record(session, record_id)
        print_json(receipt.receipt(record, service.history(session, record.id), policy,
                                   build_catalogue(policy), now=settings.now(),
                                   key=settings.secret_key))


@consent_app.command("decide")
@handle_errors
def decide(subject: str = typer.Option(..., "--subject", help="E-mail or browser record id."),
           purpose: str = typer.Option(..., "--purpose", help="Cookie category or activity id."),
           workspace: Path | None = WorkspaceOption) -> None:
    """May this purpose be used for this person now? Exit code 0 yes, 3 no."""
    settings = settings_for(workspace)
    policy = policy_for(settings).policy
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    with ledger.session() as session:
        answer = decision.decide(session, policy, build_catalogue(policy), subject=subject,
                                 purpose=purpose, now=settings.now())
    print_json(answer.as_dict())
    if not answer.allowed:
        raise typer.Exit(3)


@consent_app.command("list")
@handle_errors
def list_records(subject: str = typer.Option(..., "--subject", help="E-mail address."),
                 workspace: Path | None = WorkspaceOption) -> None:
    """A verified person's consent records, newest first."""
    settings = settings_for(workspace)
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    with ledger.session() as session:
        for record in service.records_for(session, "email", normalise_email(subject)):
            given = ", ".join(p for p, v in sorted(record.decisions.items()) if v) or "-"
            typer.echo(f"{record.id}  {record.updated_at:%Y-%m-%d}  given: {given}")


@consent_app.command("expire")
@handle_errors
def expire(workspace: Path | None = WorkspaceOption) -> None:
    """Record 'expired' events for consent older than 12 months or under an older notice."""
    settings = settings_for(workspace)
    version = policy_for(settings).policy.notice.version
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    with ledger.session() as session:
        count = expiry.expire_stale(session, version, settings.now())
    typer.echo(f"{count} consent record(s) expired")
