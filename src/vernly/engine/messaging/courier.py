"""The courier: sends due messages from the outbox every few seconds inside `vernly serve`."""

from __future__ import annotations

import logging

from vernly.engine.messaging.delivery import Delivery, deliver_due
from vernly.engine.periodic import Periodic
from vernly.ledger.db import Ledger
from vernly.settings import Settings

log = logging.getLogger("vernly.messaging")


class Courier(Periodic):
    """Runs `deliver_due` every `VERNLY_MESSAGE_INTERVAL` seconds (0 turns it off)."""

    thread_name = "vernly-courier"

    def __init__(self, ledger: Ledger, settings: Settings, first_delay: float = 1.0) -> None:
        super().__init__(settings.message_interval_seconds, first_delay)
        self.ledger, self.settings = ledger, settings

    def run_once(self) -> Delivery:
        try:
            return deliver_due(self.ledger, self.settings)
        except Exception:  # the next round tries again; a dead courier would lose nothing
            log.exception("sending due messages failed")  # but would send nothing either
            return Delivery()
