"""Operators: create them (the token is shown once), list, disable, and authenticate tokens.

Tokens look like `vly_<token_id>_<secret>`. The token id finds the operator's row; the whole
token is checked against the stored argon2id hash. argon2 is slow on purpose, so a token that
verified once is remembered in this process by its SHA-256 — together with the hash it matched —
and later requests skip argon2 but still read the row, so disabling an operator or replacing its
token takes effect at once in every process.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from vernly.errors import Conflict, InvalidInput, NotFound, VernlyError
from vernly.ledger import audit
from vernly.ledger.db import Ledger
from vernly.ledger.operators import ROLES, Operator

PREFIX = "vly"
_TOKEN = re.compile(rf"^{PREFIX}_(?P<id>[0-9a-f]{{12}})_(?P<secret>[A-Za-z0-9_-]{{20,}})$")
_CACHE_LIMIT = 4096


def default_hasher() -> PasswordHasher:
    """argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).

    Tokens carry 256 random bits, so the hash guards a leaked table rather than a guessable
    secret; a heavier profile would only let junk tokens cost the server more.
    """
    return PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


class NotAuthenticated(VernlyError):
    """No valid credentials were given."""

    http_status = 401


@dataclass(frozen=True)
class OperatorInfo:
    """An operator as the rest of vernly sees it (never the token or its hash)."""

    id: int
    name: str
    role: str
    created_at: datetime
    disabled: bool
    fingerprint: str
    """Short digest of the stored token hash: sessions made with an old token stop working."""
    kind: str = "operator"
    """'operator' (signed in with a token) or 'user' (a person signed in to the console;
    then `name` is the user's e-mail address and `id` the user's number)."""
    lang: str | None = None
    """A user's chosen console language (`nb`/`en`), wherever they sign in; None: not chosen."""

    @property
    def actor(self) -> str:
        """How audit entries name this operator or user: `operator:<name>`, `user:<number>`
        (a user's e-mail address is personal data, so the log keeps their number)."""
        return f"user:{self.id}" if self.kind == "user" else f"operator:{self.name}"


def _info(row: Operator) -> OperatorInfo:
    return OperatorInfo(id=row.id, name=row.name, role=row.role, created_at=row.created_at,
                        disabled=row.disabled,
                        fingerprint=hashlib.sha256(row.token_hash.encode()).hexdigest()[:16])


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 200 or any(ord(ch) < 32 for ch in name):
        raise InvalidInput("operator name must be 1-200 printable characters")
    return name


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"role {role!r} is not one of {', '.join(ROLES)}")
    return role


class Operators:
    """Operator accounts in one ledger, with an in-process cache of verified tokens."""

    def __init__(self, ledger: Ledger, now: Callable[[], datetime],
                 hasher: PasswordHasher | None = None) -> None:
        self.ledger = ledger
        self.now = now
        self.hasher = hasher or default_hasher()
        self._verified: dict[str, tuple[int, str]] = {}
        self._lock = threading.Lock()
        self._dummy_hash = self.hasher.hash(secrets.token_urlsafe(16))

    def create(self, name: str, role: str, *, actor: str) -> tuple[OperatorInfo, str]:
        """Create an operator; returns it and its token, which is not stored anywhere."""
        name, role = _check_name(name), _check_role(role)
        token_id = secrets.token_hex(6)
        token = f"{PREFIX}_{token_id}_{secrets.token_urlsafe(32)}"
        token_hash = self.hasher.hash(token)
        try:
            with self.ledger.session() as session:
                if session.scalar(select(Operator.id).where(Operator.name == name)) is not None:
                    raise Conflict(f"an operator named {name!r} already exists")
                row = Operator(name=name, role=role, token_id=token_id, token_hash=token_hash,
                               created_at=self.now(), disabled=False)
                session.add(row)
                session.flush()
                audit.append(session, at=self.now(), actor=actor, action="operator.create",
                             target=f"operator:{row.id}", detail={"role": role})
                info = _info(row)
        except IntegrityError:
            raise Conflict(f"an operator named {name!r} already exists") from None
        return info, token

    def list_operators(self) -> list[OperatorInfo]:
        with self.ledger.session() as session:
            return [_info(r) for r in session.scalars(select(Operator).order_by(Operator.id))]

    def get(self, operator_id: int) -> OperatorInfo:
        with self.ledger.session() as session:
            row = session.get(Operator, operator_id)
            if row is None:
                raise NotFound(f"operator {operator_id} does not exist")
            return _info(row)

    def disable(self, name: str, *, actor: str) -> OperatorInfo:
        """Disable an operator: its token and console sessions stop working at once.

        Nobody disables themselves, and the last active DPO stays (`accounts.guard`).
        """
        from vernly.engine.accounts import guard, sessions

        with self.ledger.session() as session:
            row = session.scalar(select(Operator).where(Operator.name == name))
            if row is None:
                raise NotFound(f"no operator named {name!r}")
            guard.check_may_disable(session, target_actor=f"operator:{row.name}",
                                    target_role=row.role, target_disabled=row.disabled,
                                    actor=actor)
            if not row.disabled:
                row.disabled = True
                sessions.end_all(session, operator_id=row.id)
                audit.append(session, at=self.now(), actor=actor, action="operator.disable",
                             target=f"operator:{row.id}")
            return _info(row)

    def enable(self, name: str, *, actor: str) -> OperatorInfo:
        """Enable a disabled operator again (its old token works again)."""
        with self.ledger.session() as session:
            row = session.scalar(select(Operator).where(Operator.name == name))
            if row is None:
                raise NotFound(f"no operator named {name!r}")
            if row.disabled:
                row.disabled = False
                audit.append(session, at=self.now(), actor=actor, action="operator.enable",
                             target=f"operator:{row.id}")
            return _info(row)

    def authenticate(self, token: str) -> OperatorInfo:
        """The operator a token belongs to; NotAuthenticated for anything else."""
        match = _TOKEN.match(token.strip())
        if match is None:
            raise NotAuthenticated("the token is not a vernly operator token")
        key = hashlib.sha256(match.group(0).encode()).hexdigest()
        with self.ledger.session() as session:
            row = session.scalar(select(Operator).where(Operator.token_id == match["id"]))
            if row is None:
                self._verify(self._dummy_hash, match.group(0))  # same cost as a wrong secret
                raise NotAuthenticated("the token is not valid")
            with self._lock:
                known = self._verified.get(key) == (row.id, row.token_hash)
            if not known:
                if not self._verify(row.token_hash, match.group(0)):
                    raise NotAuthenticated("the token is not valid")
                with self._lock:
                    if len(self._verified) >= _CACHE_LIMIT:
                        self._verified.clear()
                    self._verified[key] = (row.id, row.token_hash)
            if row.disabled:
                raise NotAuthenticated("this operator is disabled")
            return _info(row)

    def from_session(self, operator_id: int, fingerprint: str) -> OperatorInfo:
        """The operator of a signed console session, if it is still valid."""
        with self.ledger.session() as session:
            row = session.get(Operator, operator_id)
            if row is None or row.disabled:
                raise NotAuthenticated("the session has ended; sign in again")
            info = _info(row)
        if not secrets.compare_digest(info.fingerprint, fingerprint):
            raise NotAuthenticated("the session has ended; sign in again")
        return info

    def record_login(self, operator: OperatorInfo, via: str) -> None:
        with self.ledger.session() as session:
            audit.append(session, at=self.now(), actor=operator.actor, action="operator.login",
                         target=f"operator:{operator.id}", detail={"via": via})

    def _verify(self, token_hash: str, token: str) -> bool:
        try:
            return self.hasher.verify(token_hash, token)
        except (VerificationError, InvalidHashError):
            return False
