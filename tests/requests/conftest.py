"""A workspace with the example policy, its ledger (SQLite and PostgreSQL) and a real local
SMTP server (aiosmtpd) that keeps every message it receives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from tests.consent.support import app_for
from tests.requests.desk import Desk
from tests.support.mailbox import Mailbox
from vernly.policy.loader import example_policy_path


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "vernly.yaml").write_text(example_policy_path().read_text(encoding="utf-8"))
    return ws


def _open_desk(workspace: Path, mailbox: Mailbox, *, cast: bool = False,
               **env: str) -> Iterator[Desk]:
    """A desk on the ledger `env` names, mailing through `mailbox`; closed afterwards."""
    d = Desk.open(workspace, {"VERNLY_SMTP_HOST": "127.0.0.1",
                              "VERNLY_SMTP_PORT": str(mailbox.port),
                              "VERNLY_MAIL_FROM": "personvern@intility.no", **env})
    if cast:
        write_cast(workspace)
    try:
        yield d
    finally:
        d.close()


@pytest.fixture
def desk(workspace: Path, ledger_url: str, mailbox: Mailbox) -> Iterator[Desk]:
    """The privacy office: the service API on one ledger, with a clock the test sets."""
    yield from _open_desk(workspace, mailbox, VERNLY_DATABASE_URL=ledger_url)


@pytest.fixture
def centre_app(workspace: Path, mailbox: Mailbox) -> FastAPI:
    """The app with its privacy centre, mailing through `mailbox`, its public address
    https://personvern.example (the links in e-mails)."""
    return app_for(workspace, f"sqlite:///{workspace / 'ledger.sqlite'}",
                   VERNLY_SMTP_HOST="127.0.0.1", VERNLY_SMTP_PORT=str(mailbox.port),
                   VERNLY_PUBLIC_URL="https://personvern.example")


def write_cast(workspace: Path) -> None:
    """The connector tests' cast (Kari, Ola, Per) in the workspace's three SQLite databases,
    where the example policy expects them."""
    from sqlalchemy import create_engine

    from tests.connectors.cast import ROWS
    from vernly.connectors.demo.schema import create_schema
    from vernly.policy.loader import load_example

    policy = load_example().policy
    data = workspace / "data"
    data.mkdir(exist_ok=True)
    for system_id, tables in ROWS.items():
        engine = create_engine(f"sqlite:///{data / f'{system_id}.sqlite'}")
        metadata, _ = create_schema(policy.system(system_id), engine, policy.systems)
        with engine.begin() as conn:
            for table in metadata.sorted_tables:
                if tables.get(table.name):
                    conn.execute(table.insert(), tables[table.name])
        engine.dispose()


@pytest.fixture
def cast_desk(desk: Desk) -> Desk:
    """The desk with the cast in its workspace's databases."""
    write_cast(desk.settings.workspace)
    return desk


@pytest.fixture
def sqlite_cast_desk(workspace: Path, tmp_path: Path, mailbox: Mailbox) -> Iterator[Desk]:
    """The cast desk on a SQLite ledger only, for tests whose subject is not the ledger
    (packages, the API); the ledger itself is covered on both databases elsewhere."""
    yield from _open_desk(workspace, mailbox, cast=True,
                          VERNLY_DATABASE_URL=f"sqlite:///{tmp_path / 'ledger.sqlite'}")


@pytest.fixture
def queue_desk(workspace: Path, postgres_url: str, mailbox: Mailbox) -> Iterator[Desk]:
    """The cast desk on a PostgreSQL ledger with the shared secret key, as the servers and
    workers of a task-queue deployment have it (completion e-mails carry a status link)."""
    yield from _open_desk(workspace, mailbox, cast=True, VERNLY_DATABASE_URL=postgres_url,
                          VERNLY_SECRET_KEY="queue-test-key")
