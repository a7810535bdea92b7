"""The service API with its arguments bound, and a clock tests move by hand."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from vernly.engine.requests import service
from vernly.engine.requests.views import RequestView
from vernly.ledger.db import Ledger
from vernly.notices.access_report import render
from vernly.policy.loader import LoadedPolicy, load_policy
from vernly.settings import Settings, load_settings

START = datetime(2026, 1, 31, 9, 0, tzinfo=UTC)


@dataclasses.dataclass
class Desk:
    settings: Settings
    loaded: LoadedPolicy
    ledger: Ledger

    @classmethod
    def open(cls, workspace: Path, env: Mapping[str, str], now: datetime = START) -> Desk:
        settings = load_settings(workspace, env, now=now)
        return cls(settings, load_policy(settings.policy_path), Ledger(settings.database_url))

    def close(self) -> None:
        self.ledger.dispose()

    @property
    def now(self) -> datetime:
        return self.settings.now()

    def at(self, moment: datetime) -> Desk:
        """The same desk at another time."""
        return dataclasses.replace(self, settings=dataclasses.replace(
            self.settings, now_override=moment))

    def later(self, **delta: float) -> Desk:
        return self.at(self.now + timedelta(**delta))

    @property
    def args(self) -> tuple[Ledger, Settings, LoadedPolicy]:
        return self.ledger, self.settings, self.loaded

    def submit(self, kind: str, email: str, **kw: Any) -> RequestView:
        return service.submit(*self.args, kind, email, **kw)

    def operator_run(self, kind: str, email: str, phone: str | None = None,
                     details: dict[str, Any] | None = None, **kw: Any) -> RequestView:
        return service.submit_and_run(*self.args, kind, email, phone, details,
                                      "operator:Ingrid Berg", renderer=render, **kw)
