"""Server-side console sessions: a random id in the cookie, its SHA-256 in the ledger.

Every step of signing in (password accepted, TOTP code accepted, new password set) makes a
new session id and deletes the old one, so an id planted in a browser before sign-in is
worthless after it (session fixation). Sessions end after `LIFETIME` whatever happens, after
`IDLE` without a request, at sign-out, and all at once when the user signs out everywhere,
is disabled, or gets a new password.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from vernly.ledger.users import ConsoleSession

LIFETIME = timedelta(hours=12)
"""A working day; then the person signs in again."""
IDLE = timedelta(hours=2)
"""A session unused this long ends."""
PENDING_LIFETIME = timedelta(minutes=10)
"""A half-finished sign-in (waiting for a TOTP code or a new password) lasts this long."""
_TOUCH_EVERY = timedelta(minutes=1)
"""`last_seen_at` is written at most this often, not on every request."""

ACTIVE = "active"
NEEDS_TOTP = "totp"
NEEDS_NEW_PASSWORD = "new_password"


@dataclass(frozen=True)
class SessionInfo:
    """What a console session stands for."""

    user_id: int | None
    operator_id: int | None
    stage: str


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def start(session: Session, now: datetime, *, stage: str, user_id: int | None = None,
          operator_id: int | None = None, replacing: str | None = None) -> str:
    """A new session id (returned once, for the cookie); `replacing` is deleted."""
    if replacing:
        end(session, replacing)
    # Sessions nobody presents again would stay forever; each sign-in clears the ended ones.
    session.execute(delete(ConsoleSession).where(
        (ConsoleSession.expires_at <= now) | (ConsoleSession.last_seen_at <= now - IDLE)))
    raw = secrets.token_urlsafe(32)
    lifetime = LIFETIME if stage == ACTIVE else PENDING_LIFETIME
    session.add(ConsoleSession(id_hash=_digest(raw), user_id=user_id, operator_id=operator_id,
                               stage=stage, created_at=now, expires_at=now + lifetime,
                               last_seen_at=now))
    session.flush()
    return raw


def find(session: Session, raw: str, now: datetime) -> SessionInfo | None:
    """The session a cookie names, if it is still valid (and note that it was used)."""
    row = session.get(ConsoleSession, _digest(raw))
    if row is None:
        return None
    if now >= row.expires_at or now - row.last_seen_at >= IDLE:
        session.delete(row)
        return None
    if now - row.last_seen_at >= _TOUCH_EVERY:
        row.last_seen_at = now
    return SessionInfo(user_id=row.user_id, operator_id=row.operator_id, stage=row.stage)


def end(session: Session, raw: str) -> None:
    """End one session (nothing happens when it does not exist)."""
    session.execute(delete(ConsoleSession).where(ConsoleSession.id_hash == _digest(raw)))


def end_all(session: Session, *, user_id: int | None = None,
            operator_id: int | None = None) -> int:
    """End every session of a user or an operator; returns how many there were."""
    if user_id is not None:
        where = ConsoleSession.user_id == user_id
    elif operator_id is not None:
        where = ConsoleSession.operator_id == operator_id
    else:
        raise ValueError("end_all needs a user or an operator")
    result = session.execute(delete(ConsoleSession).where(where))
    return int(getattr(result, "rowcount", 0) or 0)
