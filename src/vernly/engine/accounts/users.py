"""Console users: add (with a one-time password), list, change role, disable, enable, reset,
sign in.

Sign-in by password is throttled per account: after `LOCK_AFTER` wrong passwords or codes in
a row the account waits `LOCK_FOR` (counted in the ledger, so every replica agrees). The
answer never tells a wrong address from a wrong password or a locked account, and an unknown
address costs the same argon2 work as a known one.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vernly.engine import actors
from vernly.engine.accounts import guard
from vernly.engine.accounts.passwords import check_password, one_time_password, password_hasher
from vernly.engine.accounts.sessions import end_all
from vernly.engine.operators import NotAuthenticated, OperatorInfo
from vernly.errors import Conflict, InvalidInput, NotFound
from vernly.ledger import audit
from vernly.ledger.db import Ledger
from vernly.ledger.operators import ROLES
from vernly.ledger.users import User

LOCK_AFTER = 5
"""Wrong passwords or codes in a row before the account waits."""
LOCK_FOR = timedelta(minutes=15)
"""How long it waits."""
WRONG = "wrong e-mail address or password, or too many tries: wait 15 minutes and try again"


def normalise_email(email: str) -> str:
    """The stored form of an address: trimmed, lower case; InvalidInput when it is not one."""
    cleaned = email.strip().lower()
    local, at, domain = cleaned.partition("@")
    if (not at or not local or "." not in domain or len(cleaned) > 254
            or any(ch.isspace() or ord(ch) < 32 for ch in cleaned)):
        raise InvalidInput("email: not an e-mail address")
    return cleaned


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"role {role!r} is not one of {', '.join(ROLES)}")
    return role


@dataclass(frozen=True)
class UserView:
    """A user as lists show it (never the password hash or the TOTP secret)."""

    id: int
    email: str
    role: str
    created_at: datetime
    disabled: bool
    totp_enabled: bool
    has_password: bool
    locked_until: datetime | None
    must_change_password: bool


def view(row: User) -> UserView:
    return UserView(id=row.id, email=row.email, role=row.role, created_at=row.created_at,
                    disabled=row.disabled, totp_enabled=row.totp_enabled,
                    has_password=row.password_hash is not None, locked_until=row.locked_until,
                    must_change_password=row.must_change_password)


def principal(row: User) -> OperatorInfo:
    """The user as the console's and API's role checks see it."""
    return OperatorInfo(id=row.id, name=row.email, role=row.role, created_at=row.created_at,
                        disabled=row.disabled, fingerprint="", kind="user", lang=row.lang)


def _target(row: User) -> str:
    return actors.user(row.id)


class Users:
    """Console users in one ledger."""

    def __init__(self, ledger: Ledger, now: Callable[[], datetime],
                 hasher: PasswordHasher | None = None) -> None:
        self.ledger = ledger
        self.now = now
        self.hasher = hasher or password_hasher()
        self._dummy_hash = self.hasher.hash(secrets.token_urlsafe(16))

    # -- managing users -------------------------------------------------------------------

    def add(self, email: str, role: str, *, actor: str) -> tuple[UserView, str]:
        """Add a user; returns it and a one-time password to change at first sign-in."""
        email, role = normalise_email(email), _check_role(role)
        password = one_time_password()
        try:
            with self.ledger.session() as session:
                if session.scalar(select(User.id).where(User.email == email)) is not None:
                    raise Conflict("a user with this e-mail address already exists")
                row = User(email=email, role=role, password_hash=self.hasher.hash(password),
                           must_change_password=True, totp_enabled=False, failed_logins=0,
                           created_at=self.now(), disabled=False)
                session.add(row)
                session.flush()
                audit.append(session, at=self.now(), actor=actor, action="user.create",
                             target=_target(row), detail={"role": role})
                found = view(row)
        except IntegrityError:
            raise Conflict("a user with this e-mail address already exists") from None
        return found, password

    def list_users(self) -> list[UserView]:
        with self.ledger.session() as session:
            return [view(r) for r in session.scalars(select(User).order_by(User.id))]

    def get(self, user_id: int) -> UserView:
        with self.ledger.session() as session:
            return view(self._row(session, user_id))

    def set_language(self, user_id: int, lang: str) -> None:
        """Remember the user's console language, so it follows them to any browser."""
        if lang not in ("nb", "en"):
            raise InvalidInput(f"lang: {lang!r} is not one of nb, en")
        with self.ledger.session() as session:
            self._row(session, user_id).lang = lang

    def principals(self) -> list[OperatorInfo]:
        """Every user as a principal (to pick who handles something)."""
        with self.ledger.session() as session:
            return [principal(r) for r in session.scalars(select(User).order_by(User.id))]

    def principal(self, user_id: int) -> OperatorInfo | None:
        """The active user with this number as a principal, or None."""
        with self.ledger.session() as session:
            row = session.get(User, user_id)
            return None if row is None or row.disabled else principal(row)

    def disable(self, email: str, *, actor: str) -> UserView:
        """Disable a user (never oneself or the last active DPO); every session ends."""
        with self.ledger.session() as session:
            row = self._by_email(session, email)
            guard.check_may_disable(session, target_actor=_target(row),
                                    target_role=row.role, target_disabled=row.disabled,
                                    actor=actor, shown=row.email)
            if not row.disabled:
                row.disabled = True
                end_all(session, user_id=row.id)
                audit.append(session, at=self.now(), actor=actor, action="user.disable",
                             target=_target(row))
            return view(row)

    def set_role(self, email: str, role: str, *, actor: str) -> UserView:
        """Give a user another role (never taking it from the last active DPO); audited with
        both roles. The new role counts from the user's next request: roles are read from
        the user's row each time, so no session has to end."""
        role = _check_role(role)
        with self.ledger.session() as session:
            row = self._by_email(session, email)
            if row.role == role:
                return view(row)
            guard.check_may_change_role(session, target_role=row.role,
                                        target_disabled=row.disabled, new_role=role,
                                        shown=row.email)
            before, row.role = row.role, role
            audit.append(session, at=self.now(), actor=actor, action="user.role_changed",
                         target=_target(row), detail={"role": role, "before": before})
            return view(row)

    def enable(self, email: str, *, actor: str) -> UserView:
        with self.ledger.session() as session:
            row = self._by_email(session, email)
            if row.disabled:
                row.disabled = False
                row.failed_logins, row.locked_until = 0, None
                audit.append(session, at=self.now(), actor=actor, action="user.enable",
                             target=_target(row))
            return view(row)

    def reset_password(self, email: str, *, actor: str) -> tuple[UserView, str]:
        """A new one-time password; the old one, the lockout and every session end."""
        password = one_time_password()
        with self.ledger.session() as session:
            row = self._by_email(session, email)
            row.password_hash = self.hasher.hash(password)
            row.must_change_password = True
            row.failed_logins, row.locked_until = 0, None
            end_all(session, user_id=row.id)
            audit.append(session, at=self.now(), actor=actor, action="user.reset_password",
                         target=_target(row))
            return view(row), password

    # -- signing in -----------------------------------------------------------------------

    def check_password(self, email: str, password: str) -> UserView:
        """The user whose password this is; NotAuthenticated (one message for all) otherwise."""
        try:
            email = normalise_email(email)
        except InvalidInput:
            email = ""
        with self.ledger.session() as session:
            row = session.scalar(select(User).where(User.email == email)) if email else None
            usable = row is not None and row.password_hash is not None and not row.disabled
            stored = row.password_hash if usable and row and row.password_hash else None
            right = self._verify(stored or self._dummy_hash, password) and stored is not None
            if row is None or not usable:
                raise NotAuthenticated(WRONG)
            if self._locked(row):
                raise NotAuthenticated(WRONG)
            if not right:
                self._count_failure(row)
        if not right:
            raise NotAuthenticated(WRONG)
        return view(row)

    def succeeded(self, session: Session, user_id: int, via: str) -> None:
        """Sign-in finished: the failure count starts again and the sign-in is audited."""
        row = self._row(session, user_id)
        row.failed_logins, row.locked_until = 0, None
        audit.append(session, at=self.now(), actor=_target(row), action="user.login",
                     target=_target(row), detail={"via": via})

    def for_oidc(self, subject: str, email: str | None, email_verified: bool) -> UserView:
        """The user an identity provider vouched for: by its `sub`, or at the first sign-in
        by a verified e-mail address of a user a DPO added (no one is added by signing in)."""
        no_user = "no active console user for this identity; ask a DPO to add you"
        with self.ledger.session() as session:
            row = session.scalar(select(User).where(User.oidc_subject == subject))
            if row is None and email and email_verified:
                try:
                    address = normalise_email(email)
                except InvalidInput:
                    raise NotAuthenticated(no_user) from None
                row = session.scalar(select(User).where(User.email == address,
                                                        User.oidc_subject.is_(None)))
                if row is not None:
                    row.oidc_subject = subject
            if row is None or row.disabled:
                raise NotAuthenticated(no_user)
            return view(row)

    def failed(self, user_id: int) -> None:
        """Count a wrong second-factor code like a wrong password."""
        with self.ledger.session() as session:
            self._count_failure(self._row(session, user_id))

    def locked(self, user_id: int) -> bool:
        with self.ledger.session() as session:
            return self._locked(self._row(session, user_id))

    def set_password(self, user_id: int, new_password: str, *, actor: str) -> None:
        """Replace the password (checked against the rules); other sessions end."""
        with self.ledger.session() as session:
            row = self._row(session, user_id)
            check_password(new_password, row.email)
            if row.password_hash and self._verify(row.password_hash, new_password):
                raise InvalidInput("password: choose a password other than the one you have")
            row.password_hash = self.hasher.hash(new_password)
            row.must_change_password = False
            end_all(session, user_id=row.id)
            audit.append(session, at=self.now(), actor=actor, action="user.password_changed",
                         target=_target(row))

    def verify_current(self, user_id: int, password: str) -> bool:
        with self.ledger.session() as session:
            row = self._row(session, user_id)
            return row.password_hash is not None and self._verify(row.password_hash, password)

    # -- helpers --------------------------------------------------------------------------

    def _locked(self, row: User) -> bool:
        return row.locked_until is not None and self.now() < row.locked_until

    def _count_failure(self, row: User) -> None:
        row.failed_logins += 1
        if row.failed_logins % LOCK_AFTER == 0:
            row.locked_until = self.now() + LOCK_FOR

    def _row(self, session: Session, user_id: int) -> User:
        row = session.get(User, user_id)
        if row is None:
            raise NotFound(f"user {user_id} does not exist")
        return row

    def _by_email(self, session: Session, email: str) -> User:
        row = session.scalar(select(User).where(User.email == normalise_email(email)))
        if row is None:
            raise NotFound("no user with this e-mail address")
        return row

    def _verify(self, stored: str, password: str) -> bool:
        try:
            return self.hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False
