"""Console users and the console's server-side sessions.

A user is a person who signs in to the console with an e-mail address and a password (and,
when enrolled, a TOTP code), or through the company's OpenID Connect provider. Operators
(tokens, `ledger.operators`) stay for the API and automation. A session row is the only
thing a console cookie points at: the cookie holds a random id, the row holds its SHA-256,
so a copy of the ledger cannot be replayed as cookies.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from vernly.ledger.base import Base


class User(Base):
    """A person who may sign in to the console."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    """Stable number of the user."""
    email: Mapped[str] = mapped_column(String(254), unique=True)
    """Sign-in address, stored lower-case; audit entries name users by `id` (`user:<id>`), never
    by it."""
    role: Mapped[str] = mapped_column(String(20))
    """One of `ledger.operators.ROLES`."""
    password_hash: Mapped[str | None] = mapped_column(String(200))
    """argon2id hash of the password; None for a user who signs in only through OIDC."""
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    """The password is a one-time one (from `user add` or a reset): change it at sign-in."""
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    """The base32 TOTP secret, encrypted (a Fernet token under `at_rest.totp_key`): a copy of
    the ledger alone cannot make codes. Set at enrolment, in force once `totp_enabled`."""
    totp_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    """The user confirmed a code from the secret: sign-in asks for a code."""
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    """The last TOTP time step accepted, so one code cannot be used twice."""
    oidc_subject: Mapped[str | None] = mapped_column(String(255), unique=True)
    """The identity provider's `sub` for this user, bound at the first OIDC sign-in."""
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    """Wrong passwords or codes in a row; reset by a successful sign-in."""
    locked_until: Mapped[datetime | None]
    """Sign-in refused until then after too many failures in a row (UTC)."""
    created_at: Mapped[datetime]
    """When the user was added (UTC)."""
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    """A disabled user cannot sign in and loses every session at once."""
    lang: Mapped[str | None] = mapped_column(String(5), nullable=True)
    """The console language the user chose (`nb` or `en`); None: the browser decides."""


class ConsoleSession(Base):
    """A signed-in (or half signed-in) browser of the console."""

    __tablename__ = "console_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    """SHA-256 (hex) of the random session id the cookie carries."""
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                                index=True)
    """The user, for a session made by password or OIDC."""
    operator_id: Mapped[int | None] = mapped_column(Integer, index=True)
    """The operator, for a session made with an operator token."""
    stage: Mapped[str] = mapped_column(String(20))
    """'active', or what sign-in still needs: 'totp' (a code) or 'new_password'."""
    created_at: Mapped[datetime]
    """When the session was made (UTC)."""
    expires_at: Mapped[datetime]
    """The session ends then, whatever happens (UTC)."""
    last_seen_at: Mapped[datetime]
    """Last request with it; idle sessions end (UTC)."""
