"""Requests handed to a user while users were named by address (`user:<email>`) are handed
to `user:<number>` when the ledger is upgraded (`users_0004`), so they are still "mine" for
that user; what the audit log stored stays as it was."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from tests.accounts.conftest import CAST
from vernly.engine.accounts.users import Users
from vernly.engine.requests import service
from vernly.ledger.db import Ledger, alembic_config
from vernly.policy.loader import load_policy
from vernly.settings import load_settings


def test_an_assignee_by_address_becomes_the_users_number(workspace: Path) -> None:
    settings = load_settings(workspace)
    ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
    ola, _ = Users(ledger, settings.now).add(CAST["engineer"], "engineer", actor="operator:x")
    request_id = service.submit(ledger, settings, load_policy(settings.policy_path), "access",
                                "ingrid.dahl@example.no", None, None, channel="cli").id
    with ledger.engine.begin() as conn:
        config = alembic_config(settings.database_url)
        config.attributes["connection"] = conn
        command.downgrade(config, "users_0003")
        conn.execute(text("UPDATE vernly_schema SET fingerprint = 'before-users-0004'"))
        conn.execute(text("UPDATE dsr_requests SET assignee = :who"),
                     {"who": f"user:{CAST['engineer']}"})
    ledger.dispose()

    reopened = Ledger(settings.database_url, secret_key=settings.secret_key)
    try:
        with reopened.engine.connect() as conn:
            assignee = conn.execute(text("SELECT assignee FROM dsr_requests WHERE id = :id"),
                                    {"id": request_id}).scalar_one()
        assert assignee == f"user:{ola.id}"
    finally:
        reopened.dispose()
