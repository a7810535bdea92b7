"""What the request engine needs from outside itself, as types: the connectors' data map
and the human-readable report renderer (injected by the CLI or web layer, because the
engine may not import `vernly.notices`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from vernly.connectors.identity import Identity
from vernly.connectors.records import (
    CollectedPart,
    ErasureOutcome,
    RectifyOutcome,
    SystemRecords,
)
from vernly.policy.models import Policy


class DataMapLike(Protocol):
    """`vernly.connectors.DataMap`: a person's rows in every system the policy declares."""

    def collect(self, identity: Identity, now: datetime | None = None,
                kind: str = "access") -> list[SystemRecords]: ...

    def collection_blockers(self) -> dict[str, set[str]]: ...

    def collect_part(self, identity: Identity, system_id: str,
                     given: Mapping[tuple[str, str], dict[Any, dict[str, Any]]],
                     now: datetime | None = None, kind: str = "access") -> CollectedPart: ...

    def assemble(self, parts: Mapping[str, CollectedPart]) -> list[SystemRecords]: ...

    def erasure_order(self) -> list[str]: ...

    def erase(self, identity: Identity, system_id: str, now: datetime) -> ErasureOutcome: ...

    def rectify(self, identity: Identity, system_id: str, changes: Mapping[str, Any],
                now: datetime | None = None) -> RectifyOutcome: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class AccessReport:
    """Everything the human-readable report shows; the renderer adds only words."""

    policy: Policy
    request_id: str
    kind: str
    """access or portability."""
    generated_at: datetime
    systems: list[SystemRecords]
    """What was found, per system (for portability: only what is eligible)."""
    activities: list[str]
    """Ids of the activities the found data belongs to, in policy order."""
    restricted: bool = False
    """Processing of this person's data is restricted (Art. 18)."""
    excluded: dict[str, str] = field(default_factory=dict)
    """Portability: activity id -> why its data is not included."""
    open_tasks: list[dict[str, Any]] = field(default_factory=list)
    """Manual tasks (processors without a connection) still to answer: system, owner, due."""
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    """System id -> the processor's confirmed answer (`answers.Answer.to_dict()`): the
    package carries its files (`answers.file_contents`), the report says so."""


ReportRenderer = Callable[[AccessReport, str], str]
"""(report, 'nb' | 'en') -> a complete HTML document."""
