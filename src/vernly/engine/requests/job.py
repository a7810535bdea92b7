"""What one execution of a request works with, handed to the per-kind handlers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vernly.connectors.identity import Identity
from vernly.engine.requests.ports import DataMapLike, ReportRenderer
from vernly.ledger.db import Ledger
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings


@dataclass
class Job:
    ledger: Ledger
    settings: Settings
    loaded: LoadedPolicy
    request_id: str
    kind: str
    identity: Identity
    details: dict[str, Any]
    actor: str
    data_map: DataMapLike
    renderer: ReportRenderer | None


@dataclass
class Outcome:
    """What a handler reports back; `result` holds no personal data."""

    result: dict[str, Any] = field(default_factory=dict)
    package_path: str | None = None
    complete: bool = True
    """False when a step failed and a re-run must finish it."""
