"""A ledger (SQLite and PostgreSQL) and settings pointing at a local SMTP server and SMS
gateway stand-in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from vernly.ledger.db import Ledger


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    store = Ledger(ledger_url)
    yield store
    store.dispose()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return tmp_path
