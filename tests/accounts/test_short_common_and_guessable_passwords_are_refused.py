"""Passwords: at least 12 characters, at most 128, not among the 30,000 most common ones, not
easy to guess from the address (zxcvbn); a long passphrase passes."""

from __future__ import annotations

import pytest

from vernly.engine.accounts.passwords import check_password, is_common, one_time_password
from vernly.errors import InvalidInput


@pytest.mark.parametrize(("password", "reason"), [
    ("kort", "at least 12 characters"),
    ("x" * 129, "at most 128 characters"),
    ("Password1234", "most common passwords"),
    ("qwertyuiop123", "most common passwords"),
    ("kari.nordmann", "too easy to guess"),
    ("aaaaaaaaaaaaaaaa", "too easy to guess"),
])
def test_a_weak_password_is_refused_with_the_reason(password: str, reason: str) -> None:
    with pytest.raises(InvalidInput, match=reason):
        check_password(password, "kari.nordmann@example.no")


def test_a_passphrase_and_a_one_time_password_pass() -> None:
    check_password("plenty bicycle orbit lamp", "kari.nordmann@example.no")
    check_password(one_time_password(), "kari.nordmann@example.no")


def test_the_common_list_is_the_bundled_one_and_ignores_case() -> None:
    assert is_common("PASSWORD") and is_common("iloveyou")
    assert not is_common("plenty bicycle orbit lamp")
