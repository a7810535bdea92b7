"""Password rules, hashing and one-time passwords for console users.

Rules follow NIST SP 800-63B: at least 12 characters, at most 128, no composition rules, and
no password found among the 30,000 most common ones or too easy to guess. The list and the
guessability estimate come from the `zxcvbn` package (Dropbox's zxcvbn, MIT licence; its
password list is the most common passwords of public breach corpora), which ships them:
nothing is looked up over the network.
"""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher

from vernly.errors import InvalidInput

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_SCORE = 3
"""zxcvbn's score (0-4) a password needs: 3 is 'safely unguessable' for online attacks."""
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
"""Letters and digits that cannot be mistaken for each other when read aloud or copied."""


def password_hasher() -> PasswordHasher:
    """argon2id with argon2-cffi's defaults (RFC 9106's low-memory profile: 64 MiB, 3 passes).

    Unlike operator tokens, passwords are chosen by people and can be guessed, so they get
    the heavier profile.
    """
    return PasswordHasher()


@cache
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def is_common(password: str) -> bool:
    """Whether the password (case ignored) is on the list of the most common passwords."""
    return password.lower() in _common()


def check_password(password: str, email: str = "") -> None:
    """Raise InvalidInput saying what is wrong with `password`, or return if it will do."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"password: use at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"password: use at most {MAX_LENGTH} characters")
    if is_common(password):
        raise InvalidInput("password: this is one of the most common passwords; choose another")
    from zxcvbn import zxcvbn

    hints = [part for part in email.lower().replace("@", ".").split(".") if part]
    if zxcvbn(password, user_inputs=[email.lower(), *hints])["score"] < MIN_SCORE:
        raise InvalidInput("password: too easy to guess; a few unrelated words make a good one")


def one_time_password() -> str:
    """A random password of 20 characters in groups of five (about 99 bits), shown once."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(20))
    return "-".join(raw[i:i + 5] for i in range(0, 20, 5))
