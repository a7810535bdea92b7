"""Who did something, in one format everywhere: `operator:<name>`, `user:<number>`, `person`
(the data subject, acting through the privacy centre or the public API) and `system` (the
scheduler, the retry loop, a sweep from cron, the demo builder).

A console user is named by their number, never by their e-mail address: the audit log keeps
no personal data, and pages show the address by looking the number up (`display_names`).
Entries written while users were named `user:<email>` keep that value and show as it.

Entries written before this format keep what they stored, because the audit chain's hashes
cover the stored values; `display` maps them when they are shown: `operator:<number>` to the
operator's name, `data-subject` to `person`, `scheduler`/`cli`/`demo` to `system`, and
`cli:<login>` to `operator:<login>`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from vernly.ledger.db import Ledger
from vernly.ledger.operators import Operator
from vernly.ledger.users import User

PERSON = "person"
SYSTEM = "system"
_LEGACY = {"data-subject": PERSON, "scheduler": SYSTEM, "cli": SYSTEM, "demo": SYSTEM}


def operator(name: str) -> str:
    return f"operator:{name}"


def user(user_id: int) -> str:
    return f"user:{user_id}"


def display(actor: str, operator_names: Mapping[int, str],
            user_emails: Mapping[int, str] | None = None) -> str:
    """The actor as pages and the log show it, whatever format it was stored in (a user by
    `user:<email>` when `user_emails` knows the number)."""
    if actor in _LEGACY:
        return _LEGACY[actor]
    kind, colon, rest = actor.partition(":")
    if colon and kind == "operator" and rest.isdigit() and int(rest) in operator_names:
        return operator(operator_names[int(rest)])
    if colon and kind == "user" and rest.isdigit() and int(rest) in (user_emails or {}):
        return f"user:{(user_emails or {})[int(rest)]}"
    if colon and kind == "cli":
        return operator(rest)
    return actor


def operator_names(session: Session) -> dict[int, str]:
    """Every operator's name by number, for `display`."""
    return dict(session.execute(select(Operator.id, Operator.name)).tuples().all())


def user_emails(session: Session) -> dict[int, str]:
    """Every user's e-mail address by number, for `display`."""
    return {number: email for number, email in session.execute(select(User.id, User.email))}


def display_all(session: Session, actors: Iterable[str]) -> dict[str, str]:
    """`display` for many stored actors, reading the operators and users once."""
    names, emails = operator_names(session), user_emails(session)
    return {actor: display(actor, names, emails) for actor in set(actors)}


def display_names(ledger: Ledger) -> dict[str, str]:
    """Every stored actor that is shown differently, mapped to how it is shown (users by
    number, old numbered operators and the old words); pages look actors up here and show
    the rest as stored."""
    with ledger.session() as session:
        names, emails = operator_names(session), user_emails(session)
    return {**_LEGACY, **{f"operator:{number}": operator(name) for number, name in names.items()},
            **{f"cli:{name}": operator(name) for name in names.values()},
            **{user(number): f"user:{email}" for number, email in emails.items()}}
