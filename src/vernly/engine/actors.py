"""Who did something, in one format everywhere: `operator:<name>`, `user:<email>`, `person`
(the data subject, acting through the privacy centre or the public API) and `system` (the
scheduler, the retry loop, a sweep from cron, the demo builder).

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

PERSON = "person"
SYSTEM = "system"
_LEGACY = {"data-subject": PERSON, "scheduler": SYSTEM, "cli": SYSTEM, "demo": SYSTEM}


def operator(name: str) -> str:
    return f"operator:{name}"


def user(email: str) -> str:
    return f"user:{email}"


def display(actor: str, operator_names: Mapping[int, str]) -> str:
    """The actor as pages and the log show it, whatever format it was stored in."""
    if actor in _LEGACY:
        return _LEGACY[actor]
    kind, colon, rest = actor.partition(":")
    if colon and kind == "operator" and rest.isdigit() and int(rest) in operator_names:
        return operator(operator_names[int(rest)])
    if colon and kind == "cli":
        return operator(rest)
    return actor


def operator_names(session: Session) -> dict[int, str]:
    """Every operator's name by number, for `display`."""
    return dict(session.execute(select(Operator.id, Operator.name)).tuples().all())


def display_all(session: Session, actors: Iterable[str]) -> dict[str, str]:
    """`display` for many stored actors, reading the operators once."""
    names = operator_names(session)
    return {actor: display(actor, names) for actor in set(actors)}


def display_one(session: Session, actor: str | None) -> str | None:
    """`display` for one stored actor; reads the operators only for an old numbered one."""
    if actor is None:
        return None
    kind, _, rest = actor.partition(":")
    if kind == "operator" and rest.isdigit():
        return display(actor, operator_names(session))
    return display(actor, {})


def display_names(ledger: Ledger) -> dict[str, str]:
    """Every stored actor that is shown differently, mapped to how it is shown (old numbered
    operators and the old words); pages look actors up here and show the rest as stored."""
    with ledger.session() as session:
        names = operator_names(session)
    return {**_LEGACY, **{f"operator:{number}": operator(name) for number, name in names.items()},
            **{f"cli:{name}": operator(name) for name in names.values()}}
