"""Read-only pictures of a request for the CLI, the API and the privacy centre."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from vernly.engine.requests.deadlines import is_overdue
from vernly.engine.requests.lease import running
from vernly.ledger.requests import DsrRequest, ManualTask, RequestStep

OPEN = ("received", "verified", "in_progress")


@dataclass(frozen=True)
class StepView:
    phase: str
    system_id: str
    status: str
    attempts: int
    counts: dict[str, int]
    detail: dict[str, Any]
    error: str | None
    """The last error (kept after a later success), one line without personal data."""
    error_at: datetime | None = None
    """When that error happened."""
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def waits_for(self) -> list[str]:
        """Systems that must succeed before this one is run (erasure order)."""
        return list(self.detail.get("waits_for") or [])


@dataclass(frozen=True)
class TaskView:
    id: str
    system_id: str
    action: str
    owner: str
    instructions: str
    due_at: datetime
    done_at: datetime | None
    done_by: str | None


@dataclass(frozen=True)
class RequestView:
    """A request as shown to operators; `public()` is what the person's status page gets."""

    id: str
    kind: str
    state: str
    channel: str
    received_at: datetime
    deadline_at: datetime
    overdue: bool
    extended_months: int
    extension_reason: str | None
    verified_at: datetime | None
    verified_by: str | None
    completed_at: datetime | None
    rejected_reason: str | None
    email: str | None
    phone: str | None
    result: dict[str, Any]
    package_path: str | None
    steps: list[StepView] = field(default_factory=list)
    tasks: list[TaskView] = field(default_factory=list)
    status_token: str | None = None
    """Only on the view `submit` returns: the token the person checks the status with."""
    next_attempt_at: datetime | None = None
    """When the request is run again because a system failed (None: no retry due)."""
    failed_runs: int = 0
    """Runs in a row that ended with a system failing."""
    waiting_on: list[str] = field(default_factory=list)
    """Systems whose step failed, while the request is open: it waits for them."""
    running: bool = False
    """A runner holds the request's lease now (its heartbeat is live); `in_progress` and
    not running means the run was interrupted or waits for its retry."""
    assignee: str | None = None
    """Who handles it in the console (None: nobody yet)."""
    details: dict[str, Any] = field(default_factory=dict)
    """What the person wrote: a message, a rectification's changes, activities objected to."""
    language: str | None = None
    """The language the person used (nb or en), which their e-mails put first; None on
    requests recorded before it was kept."""

    def is_overdue(self, now: datetime) -> bool:
        """Still open after its deadline at `now` (`overdue` is the same at view time)."""
        return self.state in ("received", "verified", "in_progress") and now > self.deadline_at

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def public(self) -> dict[str, Any]:
        """What the person may see without an operator login: no identifiers, no paths."""
        return {
            "id": self.id, "kind": self.kind, "state": self.state,
            "received_at": self.received_at, "deadline_at": self.deadline_at,
            "extended_months": self.extended_months, "extension_reason": self.extension_reason,
            "verified": self.verified_at is not None, "completed_at": self.completed_at,
            "rejected_reason": self.rejected_reason,
        }


def view_of(request: DsrRequest, steps: list[RequestStep], tasks: list[ManualTask],
            now: datetime, status_token: str | None = None) -> RequestView:
    return RequestView(
        id=request.id, kind=request.kind, state=request.state, channel=request.channel,
        received_at=request.received_at, deadline_at=request.deadline_at,
        overdue=is_overdue(request, now), extended_months=request.extended_months,
        extension_reason=request.extension_reason, verified_at=request.verified_at,
        verified_by=request.verified_by, completed_at=request.completed_at,
        rejected_reason=request.rejected_reason, email=request.email, phone=request.phone,
        result=dict(request.result or {}), package_path=request.package_path,
        steps=[StepView(s.phase, s.system_id, s.status, s.attempts, dict(s.counts),
                        dict(s.detail), s.error, s.error_at, s.started_at, s.finished_at)
               for s in steps],
        tasks=[TaskView(t.id, t.system_id, t.action, t.owner, t.instructions, t.due_at,
                        t.done_at, t.done_by) for t in tasks],
        status_token=status_token,
        next_attempt_at=request.next_attempt_at if request.state in OPEN else None,
        failed_runs=request.failed_runs or 0,
        waiting_on=list(dict.fromkeys(s.system_id for s in steps if s.status == "failed"))
        if request.state in OPEN else [],
        running=running(request.run_owner, request.run_until),
        assignee=request.assignee, details=dict(request.details or {}),
        language=request.language,
    )
