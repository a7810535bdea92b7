"""A ledger made before failed systems were retried (requests at `requests_0001`, its
schema fingerprint recorded) is brought up to date the next time vernly opens it: the new
revision runs although every other branch is current, the requests in it keep their data,
and a step that had failed gets the time it failed."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import inspect, text

from vernly.ledger.db import MIGRATIONS, Ledger, alembic_config, schema_fingerprint

NEW = "requests_0002_retries.py"
AT = datetime(2026, 1, 31, 9, 0, tzinfo=UTC)


def _fingerprint_without_the_new_revision() -> str:
    """What `schema_fingerprint` recorded before the new revision's file existed."""
    digest = hashlib.sha256()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        if path.name != NEW:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _columns(ledger: Ledger, table: str) -> set[str]:
    return {c["name"] for c in inspect(ledger.engine).get_columns(table)}


def test_the_new_revision_is_applied_to_a_ledger_made_before_it(ledger_url: str) -> None:
    old = Ledger(ledger_url)
    with old.engine.begin() as conn:
        config = alembic_config(ledger_url)
        config.attributes["connection"] = conn
        command.downgrade(config, "requests_0001")
        conn.execute(text("UPDATE vernly_schema SET fingerprint = :f"),
                     {"f": _fingerprint_without_the_new_revision()})
        conn.execute(text(
            "INSERT INTO dsr_requests (id, kind, state, channel, details, created_by, "
            "received_at, deadline_at, extended_months, status_token_hash, result) VALUES "
            "('dsr-old', 'erasure', 'in_progress', 'cli', '{}', 'operator:x', :at, :at, 0, "
            "'h', '{}')"), {"at": AT})
        conn.execute(text(
            "INSERT INTO dsr_steps (request_id, phase, system_id, status, attempts, counts, "
            "detail, error, finished_at) VALUES ('dsr-old', 'erase', 'cases', 'failed', 1, "
            "'{}', '{}', 'OperationalError while erasing', :at)"), {"at": AT})
    assert "next_attempt_at" not in _columns(old, "dsr_requests")
    old.dispose()

    reopened = Ledger(ledger_url)
    try:
        assert {"failed_runs", "next_attempt_at", "run_owner", "run_until"} <= _columns(
            reopened, "dsr_requests")
        assert "error_at" in _columns(reopened, "dsr_steps")
        with reopened.engine.connect() as conn:
            heads = set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
            request = conn.execute(text("SELECT state, failed_runs, next_attempt_at FROM "
                                        "dsr_requests WHERE id = 'dsr-old'")).one()
            failed_at = conn.execute(text("SELECT error_at FROM dsr_steps WHERE request_id = "
                                          "'dsr-old'")).scalar_one()
            recorded = conn.execute(text("SELECT fingerprint FROM vernly_schema")).scalar_one()
        requests_head = next(h for h in heads if h.startswith("requests_"))
        assert requests_head != "requests_0001"  # 0002 and every later revision applied
        assert tuple(request) == ("in_progress", 0, None)
        assert str(failed_at)[:16] == "2026-01-31 09:00"
        assert recorded == schema_fingerprint()
    finally:
        reopened.dispose()
