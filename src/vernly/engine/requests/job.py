"""What one execution of a request works with, handed to the per-kind handlers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vernly.connectors.identity import Identity
from vernly.engine.requests import lease
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
    owner: str | None = None
    """The runner holding the request's lease (`lease`), renewed before each system."""
    step_owner: str | None = None
    """The system job running one step (`per_system`), holding that step's own lease."""
    queue_job: int | None = None
    """That job's id in the task queue, kept on the step."""

    def renew(self) -> None:
        """Keep the request's lease before touching the next system (Conflict if lost)."""
        if self.owner is not None:
            lease.renew(self.ledger, self.request_id, self.owner)


@dataclass
class Outcome:
    """What a handler reports back; `result` holds no personal data."""

    result: dict[str, Any] = field(default_factory=dict)
    package_path: str | None = None
    complete: bool = True
    """False when a step failed and a re-run must finish it."""

    @property
    def failed(self) -> dict[str, str]:
        """System -> error of the steps that failed in this run."""
        return dict(self.result.get("failed") or {})
