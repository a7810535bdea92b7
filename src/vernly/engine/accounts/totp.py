"""The optional second factor: TOTP (RFC 6238) codes from an authenticator app.

Enrolment stores a new secret and shows it as a QR code (SVG made on the server by segno,
nothing loaded from elsewhere); it takes effect only once the user types a code it made, so a
half-finished enrolment never locks anyone out. A code is accepted once: the time step it
belongs to is remembered. The secret is kept encrypted with a key derived from the secret key
(`ledger.at_rest.totp_key`) and decrypted only to check a code.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime

import pyotp
from cryptography.fernet import Fernet, InvalidToken

from vernly.engine.accounts.users import Users
from vernly.errors import ConfigurationError, Conflict, InvalidInput
from vernly.ledger import audit
from vernly.ledger.users import User

ISSUER = "vernly"
_WINDOW = 1
"""Codes from one 30-second step before or after now are accepted (clock drift)."""


def qr_svg(uri: str) -> str:
    """An inline SVG QR code of `uri`, titled for screen readers."""
    import segno

    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=5, border=2, xmldecl=False,
                                    svgns=True, title="QR code for your authenticator app",
                                    nl=False)
    return out.getvalue().decode()


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    code = "".join(code.split())
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    step = totp.timecode(now)
    for candidate in range(step - _WINDOW, step + _WINDOW + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(candidate), code):
            return candidate
    return None


class Totp:
    """TOTP enrolment and checking for the users of one ledger."""

    def __init__(self, users: Users, key: Fernet,
                 now: Callable[[], datetime] | None = None) -> None:
        self.users = users
        self.key = key
        self.now = now or users.now

    def _seal(self, secret: str) -> str:
        return self.key.encrypt(secret.encode()).decode()

    def _open(self, sealed: str) -> str:
        try:
            return self.key.decrypt(sealed.encode()).decode()
        except InvalidToken:
            raise ConfigurationError("second-factor secrets cannot be decrypted with this key "
                                     "(VERNLY_SECRET_KEY changed?)") from None

    def begin(self, user_id: int) -> tuple[str, str]:
        """A fresh secret for the user (not yet in force) and its otpauth:// URI."""
        secret = pyotp.random_base32()
        with self.users.ledger.session() as session:
            row = session.get(User, user_id)
            if row is None:
                raise InvalidInput("user: no such user")
            if row.totp_enabled:
                raise Conflict("a second factor is already set up; turn it off first")
            row.totp_secret = self._seal(secret)
            uri = pyotp.TOTP(secret).provisioning_uri(name=row.email, issuer_name=ISSUER)
        return secret, uri

    def confirm(self, user_id: int, code: str, *, actor: str) -> None:
        """Put the enrolled secret in force once a code from it is right."""
        with self.users.ledger.session() as session:
            row = session.get(User, user_id)
            if row is None or not row.totp_secret or row.totp_enabled:
                raise Conflict("start setting up the second factor again")
            step = _matching_step(self._open(row.totp_secret), code, self.now())
            if step is None:
                raise InvalidInput("code: that is not the code your app shows now")
            row.totp_enabled, row.totp_last_step = True, step
            audit.append(session, at=self.now(), actor=actor, action="user.totp_enabled",
                         target=f"user:{row.id}")

    def turn_off(self, user_id: int, *, actor: str) -> None:
        with self.users.ledger.session() as session:
            row = session.get(User, user_id)
            if row is None or not row.totp_enabled:
                return
            row.totp_enabled, row.totp_secret, row.totp_last_step = False, None, None
            audit.append(session, at=self.now(), actor=actor, action="user.totp_disabled",
                         target=f"user:{row.id}")

    def check(self, user_id: int, code: str) -> bool:
        """Whether `code` is a right, unused code for the user (a wrong one is counted)."""
        with self.users.ledger.session() as session:
            row = session.get(User, user_id)
            if row is None or not row.totp_enabled or not row.totp_secret:
                return False
            step = _matching_step(self._open(row.totp_secret), code, self.now())
            if step is not None and (row.totp_last_step is None or step > row.totp_last_step):
                row.totp_last_step = step
                return True
        self.users.failed(user_id)
        return False
