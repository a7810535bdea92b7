"""A system vernly cannot reach (a processor such as Questback): work becomes a task.

The task names its owner and a due date and tells the owner what to do in Norwegian and
English, with only the identifiers needed to find the person. It lives in the request
until someone confirms it done.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from vernly.connectors.identity import Identity
from vernly.connectors.records import ManualTask, as_utc
from vernly.errors import ConfigurationError
from vernly.policy.models import System

_KIND_NB = {"access": "innsyn", "portability": "dataportabilitet", "erasure": "sletting",
            "rectification": "retting", "restriction": "begrensning", "objection": "protest",
            "withdraw_consent": "tilbaketrekking av samtykke"}
"""The request's kind as the Norwegian instructions name it (the English ones use the code)."""

_WHAT = {
    "access": ("send oss en kopi av alle personopplysninger dere har om personen",
               "send us a copy of all personal data you hold about the person"),
    "portability": ("send oss personopplysningene personen selv har gitt, i et maskinlesbart "
                    "format", "send us the personal data the person provided, in a "
                    "machine-readable format"),
    "erasure": ("slett alle personopplysninger om personen og bekreft slettingen",
                "erase all personal data about the person and confirm the erasure"),
    "rectification": ("rett opplysningene nedenfor og bekreft endringen",
                      "correct the data below and confirm the change"),
    "restriction": ("begrens behandlingen av personens opplysninger til lagring inntil "
                    "videre", "restrict processing of the person's data to storage until "
                    "further notice"),
    "objection": ("stans behandling av personens opplysninger for markedsføring",
                  "stop processing the person's data for marketing"),
    "withdraw_consent": ("stans behandling basert på personens samtykke og slett svarene",
                         "stop processing based on the person's consent and erase the "
                         "answers"),
}


class ManualSystem:
    """A `manual` system of the policy."""

    def __init__(self, system: System) -> None:
        if not system.owner:
            raise ConfigurationError(f"system '{system.id}': a manual system needs an owner")
        self.system = system

    def task(self, kind: str, identity: Identity, now: datetime,
             changes: Mapping[str, Any] | None = None) -> ManualTask:
        """The task for one request of `kind` about the person."""
        if kind not in _WHAT:
            raise ConfigurationError(f"manual task: unknown request kind '{kind}'")
        nb_what, en_what = _WHAT[kind]
        who = [(label, value) for label, value in (
            ("e-post / e-mail", identity.email), ("telefon / phone", identity.phone),
            ("kundenummer / customer number", identity.customer_number),
            ("navn / name", identity.name)) if value]
        ids = "; ".join(f"{label}: {value}" for label, value in who)
        change_text = "; ".join(f"{k} = {v}" for k, v in (changes or {}).items())
        due = as_utc(now) + timedelta(days=self.system.due_days)
        day = due.date().isoformat()
        name_nb, name_en = self.system.name_in("nb"), self.system.name_in("en")
        kind_nb = _KIND_NB.get(kind, kind)
        nb = (f"Forespørsel fra en registrert ({kind_nb}) gjelder {name_nb}: {nb_what}. "
              f"Personen: {ids}. Frist: {day}.")
        en = (f"A data subject request ({kind}) concerns {name_en}: {en_what}. "
              f"The person: {ids}. Due: {day}.")
        if change_text:
            nb += f" Nye verdier: {change_text}."
            en += f" New values: {change_text}."
        return ManualTask(system=self.system.id, owner=self.system.owner or "",
                          due_days=self.system.due_days, instructions={"nb": nb, "en": en},
                          recipient=self.system.recipient, kind=kind, due=due)

    def access(self, identity: Identity, now: datetime) -> ManualTask:
        return self.task("access", identity, now)

    def erase(self, identity: Identity, now: datetime) -> ManualTask:
        return self.task("erasure", identity, now)

    def rectify(self, identity: Identity, now: datetime,
                changes: Mapping[str, Any]) -> ManualTask:
        return self.task("rectification", identity, now, changes)
