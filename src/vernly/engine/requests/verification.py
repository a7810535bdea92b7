"""Identity verification by a one-time code e-mailed to the address the request gave.

The code is six digits, stored only as an Argon2 hash, valid for 15 minutes, good for
one use and five tries; sending a new code voids the old one. After five wrong answers
the request is rejected so the code cannot be guessed by trying.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from vernly.errors import Conflict, InvalidInput
from vernly.ledger.requests import DsrRequest, VerificationCode

CODE_DIGITS = 6
CODE_TTL = timedelta(minutes=15)
MAX_ATTEMPTS = 5
MAX_CODES_PER_REQUEST = 5

# Six digits do not need a memory-hard hash against offline guessing anyway (10^6 tries);
# modest parameters keep each check fast while still never storing the code itself.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


def new_code() -> str:
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def issue(session: Session, request: DsrRequest, now: datetime) -> str:
    """Store a fresh code for the request (voiding earlier ones) and return it."""
    if request.state != "received":
        raise Conflict(f"request {request.id} is {request.state}; no code is needed")
    sent = session.execute(
        select(VerificationCode.id).where(VerificationCode.request_id == request.id)
    ).all()
    if len(sent) >= MAX_CODES_PER_REQUEST:
        raise Conflict(f"request {request.id}: {MAX_CODES_PER_REQUEST} codes were already sent; "
                       "contact the controller to verify otherwise")
    session.execute(update(VerificationCode)
                    .where(VerificationCode.request_id == request.id)
                    .values(superseded=True))
    code = new_code()
    session.add(VerificationCode(request_id=request.id, code_hash=_hasher.hash(code), sent_at=now,
                                 expires_at=now + CODE_TTL, attempts=0, superseded=False))
    session.flush()
    return code


def issued(session: Session, request: DsrRequest) -> int:
    """How many codes the request has had, the newest included (numbers the code's e-mail)."""
    return len(session.execute(
        select(VerificationCode.id).where(VerificationCode.request_id == request.id)
    ).all())


@dataclass(frozen=True)
class Check:
    """The outcome of one answer; the caller commits before raising on failure."""

    ok: bool
    attempts_left: int
    exhausted: bool = False
    message: str = ""


def check(session: Session, request: DsrRequest, code: str, now: datetime) -> Check:
    """Compare an answer with the current code, counting a wrong one."""
    if request.state != "received":
        raise Conflict(f"request {request.id} is {request.state}; it cannot be verified now")
    current = session.execute(
        select(VerificationCode)
        .where(VerificationCode.request_id == request.id, VerificationCode.superseded.is_(False),
               VerificationCode.used_at.is_(None))
        .order_by(VerificationCode.id.desc()).limit(1)
    ).scalar_one_or_none()
    if current is None:
        raise InvalidInput("code: no code has been sent for this request; ask for one first")
    if now > current.expires_at:
        raise InvalidInput("code: the code has expired; ask for a new one")
    answer = code.strip().replace(" ", "")
    try:
        good = answer.isdigit() and _hasher.verify(current.code_hash, answer)
    except (VerificationError, InvalidHashError):
        good = False
    if good:
        current.used_at = now
        return Check(True, MAX_ATTEMPTS - current.attempts)
    current.attempts += 1
    left = MAX_ATTEMPTS - current.attempts
    if left <= 0:
        return Check(False, 0, exhausted=True,
                     message="code: wrong code; too many attempts, the request is rejected")
    return Check(False, left, message=f"code: wrong code; {left} attempt(s) left")
