"""A ledger made while TOTP secrets were stored in clear (users at `users_0002`) has them
encrypted by the next vernly that opens it with the secret key; without a key it is refused
with one line rather than left in clear. The user signs in with the same app afterwards."""

from __future__ import annotations

from datetime import UTC, datetime

import pyotp
import pytest
from alembic import command
from sqlalchemy import text

from vernly.engine.accounts.totp import Totp
from vernly.engine.accounts.users import Users
from vernly.errors import ConfigurationError
from vernly.ledger.at_rest import totp_key
from vernly.ledger.db import Ledger, alembic_config

KEY = "the-workspace-secret-key"
AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _ledger_from_before(url: str, secret: str) -> None:
    old = Ledger(url)
    with old.engine.begin() as conn:
        config = alembic_config(url)
        config.attributes["connection"] = conn
        command.downgrade(config, "users_0002")
        conn.execute(text("UPDATE vernly_schema SET fingerprint = 'before-users-0003'"))
        conn.execute(text(
            "INSERT INTO users (email, role, must_change_password, totp_secret, totp_enabled, "
            "failed_logins, created_at, disabled) VALUES ('kari.nordmann@example.no', 'dpo', "
            ":no, :secret, :yes, 0, :at, :no)"),
            {"secret": secret, "at": AT, "no": False, "yes": True})
    old.dispose()


def _stored(ledger: Ledger) -> str:
    with ledger.engine.connect() as conn:
        return str(conn.execute(text("SELECT totp_secret FROM users")).scalar_one())


def test_clear_secrets_are_encrypted_and_still_give_the_right_codes(ledger_url: str) -> None:
    secret = pyotp.random_base32()
    _ledger_from_before(ledger_url, secret)

    with pytest.raises(ConfigurationError, match="VERNLY_SECRET_KEY"):
        Ledger(ledger_url)

    reopened = Ledger(ledger_url, secret_key=KEY)
    try:
        stored = _stored(reopened)
        assert secret not in stored
        assert totp_key(KEY).decrypt(stored.encode()).decode() == secret
        users = Users(reopened, lambda: AT)
        [user] = users.list_users()
        check = Totp(users, totp_key(KEY))
        assert check.check(user.id, pyotp.TOTP(secret).at(AT))
    finally:
        reopened.dispose()
