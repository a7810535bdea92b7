"""argon2 runs once per token per process; disabling an operator still takes effect at once."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from tests.operators.conftest import FAST_HASHER
from vernly.engine.operators import NotAuthenticated, Operators
from vernly.ledger.db import Ledger


class CountingHasher(PasswordHasher):
    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.verifications = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.verifications += 1
        return super().verify(hash, password)


def test_a_token_is_verified_with_argon2_only_the_first_time(tmp_path: Path) -> None:
    hasher = CountingHasher()
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    service = Operators(ledger, lambda: datetime(2025, 1, 1, tzinfo=UTC), hasher)
    _, token = service.create("ola", "engineer", actor="test")
    for _ in range(5):
        assert service.authenticate(token).name == "ola"
    assert hasher.verifications == 1


def test_a_disabled_operator_is_refused_even_with_a_cached_token(tmp_path: Path) -> None:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    now = lambda: datetime(2025, 1, 1, tzinfo=UTC)  # noqa: E731
    web_replica, cli = Operators(ledger, now, FAST_HASHER), Operators(ledger, now, FAST_HASHER)
    _, token = cli.create("ola", "engineer", actor="test")
    assert web_replica.authenticate(token).name == "ola"
    cli.disable("ola", actor="test")
    with pytest.raises(NotAuthenticated, match="this operator is disabled"):
        web_replica.authenticate(token)
