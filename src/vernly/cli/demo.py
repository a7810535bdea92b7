"""`vernly demo`: a workspace with the example policy and synthetic Norwegian data, served.

Everyone in the demo is invented (Faker), so printing a few of their e-mail addresses to
try requests with is fine.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

from vernly.cli.app import app
from vernly.cli.common import handle_errors, print_json
from vernly.connectors.demo.build import DemoSummary, build_demo
from vernly.settings import POLICY_FILE, load_settings


def print_summary(summary: DemoSummary) -> None:
    typer.echo(f"Built the demo in {summary.workspace} in {summary.seconds:.1f} s "
               f"({summary.subjects} people, clock {summary.now:%Y-%m-%d %H:%M} UTC):")
    for system, tables in summary.rows.items():
        listed = ", ".join(f"{table} {count}" for table, count in tables.items())
        typer.echo(f"  {system:<9} {sum(tables.values()):>9} rows  ({listed})")
    typer.echo(f"  {'total':<9} {summary.rows_total:>9} rows")
    typer.echo(f"  cctv      {summary.files:>9} recordings    weblog {summary.log_lines} lines")
    typer.echo("People to try (synthetic):")
    for email, phone in zip(summary.sample_emails[:4], summary.sample_phones[:4], strict=False):
        typer.echo(f"  vernly request access -w {summary.workspace} --email {email} "
                   f"--phone {phone}")
    if summary.sample_ips:
        typer.echo(f"  web server log addresses: {', '.join(summary.sample_ips)}")
    if summary.sample_window:
        start, end = summary.sample_window
        typer.echo(f"  recordings on every camera: --from {start:%Y-%m-%dT%H:%M}Z "
                   f"--to {end:%Y-%m-%dT%H:%M}Z")


def demo_operator_token(directory: Path) -> str:
    """The demo's operator token, created once and kept in the workspace (demo only: a real
    workspace's tokens are printed once by `vernly operator add` and never stored)."""
    from vernly.engine.operators import Operators
    from vernly.ledger.db import Ledger

    saved = directory / ".vernly" / "demo-operator-token"
    if saved.exists():
        return saved.read_text().strip()
    settings = load_settings(directory)
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    try:
        _, token = Operators(ledger, settings.now).create("demo", "dpo", actor="system")
    finally:
        ledger.dispose()
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text(token)
    saved.chmod(0o600)
    return token


DEMO_DPO = "dpo@demo.example"
"""The demo's DPO, a console user (the `.example` domain never receives mail)."""


def demo_dpo_password(directory: Path) -> str:
    """A fresh one-time password for the demo's DPO user, made on every run: the person
    trying the demo signs in with it and chooses their own."""
    from vernly.engine.accounts.users import Users
    from vernly.errors import NotFound
    from vernly.ledger.db import Ledger

    settings = load_settings(directory)
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    try:
        users = Users(ledger, settings.now)
        try:
            _, password = users.reset_password(DEMO_DPO, actor="system")
        except NotFound:
            _, password = users.add(DEMO_DPO, "dpo", actor="system")
    finally:
        ledger.dispose()
    return password


@app.command()
@handle_errors
def demo(
    directory: Path = typer.Argument(Path("demo"), help="Folder for the demo workspace."),
    subjects: int = typer.Option(2000, "--subjects", min=1, help="How many people to invent."),
    serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve the workspace after."),
    seed: int = typer.Option(42, "--seed", help="Random seed; the same seed builds the same data."),
    force: bool = typer.Option(False, "--force", help="Rebuild even if the folder has a demo."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to serve on."),
    port: int = typer.Option(8000, "--port", help="Port to serve on."),
    as_json: bool = typer.Option(False, "--json", help="Print the build summary as JSON."),
) -> None:
    """Build a demo workspace (webshop, case and visitor databases, CCTV folder, web log)
    with synthetic Norwegian people, then serve it. The data is relative to $VERNLY_NOW when
    set."""
    settings = load_settings(directory)
    if (directory / POLICY_FILE).exists() and not force:
        typer.echo(f"{directory / POLICY_FILE} exists: using the demo already there "
                   "(--force rebuilds it)", err=True)
    else:
        summary = build_demo(directory, subjects, settings.now(), seed=seed, env=settings.env,
                             force=force)
        if as_json:
            print_json(summary.to_dict())
        else:
            print_summary(summary)
    token = demo_operator_token(directory)
    password = demo_dpo_password(directory)
    # With --json, stdout is the summary alone; the sign-in lines go to stderr.
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    typer.echo(f"Console: http://{shown_host}:{port}/console", err=as_json)
    typer.echo(f"  sign in as {DEMO_DPO} (role dpo) with the one-time password {password}"
               " and choose your own", err=as_json)
    typer.echo(f"  API token (demo operator 'demo', role dpo): {token}", err=as_json)
    if serve:
        from vernly.cli.demo_mail import start_catcher
        from vernly.cli.serve import serve as serve_workspace

        catcher = start_catcher()
        shown = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::", "") else host
        # The served app reads its settings from the environment (see `vernly serve`).
        os.environ.update({"VERNLY_SMTP_HOST": "127.0.0.1",
                           "VERNLY_SMTP_PORT": str(catcher.port),
                           "VERNLY_DEMO_OUTBOX": "1",
                           "VERNLY_PUBLIC_URL": f"http://{shown}:{port}"})
        typer.echo(f"Demo e-mail is caught on 127.0.0.1:{catcher.port} and never sent on; "
                   f"read it at http://{shown}:{port}/demo/utboks")
        try:
            # Called as a function, so every option is given (Typer's defaults are objects).
            serve_workspace(workspace=directory, host=host, port=port,
                            forwarded_allow_ips="127.0.0.1", no_worker=False)
        finally:
            catcher.stop()
