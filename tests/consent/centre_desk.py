"""The consent engine's centre functions with their arguments at hand: the example policy's
catalogue, a ledger and settings, without the web app."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tests.consent.support import settings_for
from vernly.engine.consent.catalogue import Catalogue, build_catalogue
from vernly.engine.consent.service import Choice
from vernly.ledger.db import Ledger
from vernly.policy.loader import load_policy
from vernly.settings import Settings


@dataclasses.dataclass
class CentreDesk:
    ledger: Ledger
    settings: Settings
    catalogue: Catalogue

    def form_choice(self, record_id: str | None, **decisions: bool) -> Choice:
        """A choice as the cookie settings form sends it."""
        return Choice(decisions=decisions, method="form", record_id=record_id, language="nb",
                      user_agent="Firefox")


def open_centre_desk(workspace: Path, ledger_url: str) -> CentreDesk:
    settings = settings_for(workspace, ledger_url)
    return CentreDesk(Ledger(settings.database_url), settings,
                      build_catalogue(load_policy(settings.policy_path).policy))
