"""Operators: the people and services allowed into the console and the operator API.

An operator signs in with an API token shown once at creation. Only an argon2 hash of the
token is stored; the token's public `token_id` part finds the row so a sign-in verifies one
hash, not all of them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from vernly.ledger.base import Base

ROLES = ("dpo", "engineer", "viewer", "auditor")
"""dpo: everything, including operators and users; engineer: run requests and sweeps; viewer:
read the work; auditor: read everything, the audit log included, and change nothing."""
READERS = ROLES
"""Every role reads the console's pages and the API's lists."""


class Operator(Base):
    """Someone who may use the console or the operator API."""

    __tablename__ = "operators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    """Stable number of the operator; audit entries name operators by it."""
    name: Mapped[str] = mapped_column(String(200), unique=True)
    """Unique display and login name, e.g. 'kari' or 'ci-bot'."""
    role: Mapped[str] = mapped_column(String(20))
    """One of `ROLES`."""
    token_id: Mapped[str] = mapped_column(String(32), unique=True)
    """Public part of the token (not secret), used to find the row at sign-in."""
    token_hash: Mapped[str] = mapped_column(String(200))
    """argon2id hash of the whole token; the token itself is never stored."""
    created_at: Mapped[datetime]
    """When the operator was created (UTC)."""
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    """A disabled operator's token and sessions stop working at once."""
