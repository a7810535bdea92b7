"""Fixtures every test folder may use. Domain-specific fixtures live in that folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.mailbox import Mailbox, smtp_server
from tests.support.services import fresh_database
from tests.support.sms_gateway import SmsGateway, sms_gateway


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL database (dropped afterwards)."""
    with fresh_database("postgresql") as url:
        yield url


@pytest.fixture
def mariadb_url() -> Iterator[str]:
    """URL of a fresh, empty MariaDB database (dropped afterwards)."""
    with fresh_database("mariadb") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The ledger on SQLite and on PostgreSQL: tests using it run on both."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    else:
        with fresh_database("postgresql") as url:
            yield url



@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    """A real SMTP server on loopback that keeps what it receives."""
    with smtp_server() as box:
        yield box


@pytest.fixture
def gateway() -> Iterator[SmsGateway]:
    """The SMS gateway stand-in: a real HTTP server on loopback."""
    with sms_gateway() as running:
        yield running
