"""`vernly worker`: run background jobs from the task queue (PostgreSQL ledger only).

Requests' runs, retention sweeps (once per interval across every worker), consent expiry,
outbound messages and the queue's own upkeep. Start as many as you like, on as many
machines: they share the queue in the ledger. SIGTERM or SIGINT stops a worker after its
running jobs finish; a worker killed outright has its jobs retried by another once its
heartbeat is missed.
"""

from __future__ import annotations

import logging
from pathlib import Path

import typer

from vernly.cli.app import app
from vernly.cli.common import WorkspaceOption, handle_errors, policy_for, settings_for
from vernly.errors import ConfigurationError


@app.command()
@handle_errors
def worker(
    workspace: Path | None = WorkspaceOption,
    concurrency: int = typer.Option(2, "--concurrency", min=1,
                                    help="Jobs this worker runs at once."),
    queues: list[str] = typer.Option([], "--queues", "-q",
                                     help="Only these queues (requests, retention, consent, "
                                          "messages, maintenance); repeat the option; "
                                          "default: all."),
) -> None:
    """Run background jobs (requests, sweeps, consent expiry, messages) until stopped."""
    settings = settings_for(workspace)
    if not settings.on_postgresql:
        raise ConfigurationError("vernly worker needs a PostgreSQL ledger "
                                 "(VERNLY_DATABASE_URL); on SQLite `vernly serve` runs the "
                                 "jobs itself")
    settings.check_shared()
    loaded = policy_for(settings)
    from vernly.engine import jobs
    from vernly.ledger.db import Ledger
    from vernly.notices.access_report import render

    unknown = sorted(set(queues) - set(jobs.QUEUES))
    if unknown:
        raise ConfigurationError(f"--queues: unknown queue {', '.join(unknown)}; known: "
                                 f"{', '.join(jobs.QUEUES)}")
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key,
                    also=(jobs.apply_schema,))
    context = jobs.Runtime(settings, loaded, ledger, render)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: "
                                                   "%(message)s")
    typer.echo(f"vernly worker: {', '.join(queues or jobs.QUEUES)} "
               f"(concurrency {concurrency})", err=True)
    try:
        jobs.run_worker(jobs.create_app(settings, worker=True), context,
                        concurrency=concurrency, queues=queues or None)
    finally:
        context.close()
