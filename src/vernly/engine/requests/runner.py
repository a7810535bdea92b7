"""Executing a verified request: state changes around the per-kind handler.

received -> (verified) -> in_progress -> completed. A request still `in_progress` after a
crash is simply run again: the handlers skip the systems whose steps are done. A completed
request is returned unchanged, so running it twice never acts twice.
"""

from __future__ import annotations

from collections.abc import Callable

from vernly.engine.requests import access, erasure, rectification, standing, tasks
from vernly.engine.requests.identities import identity_of
from vernly.engine.requests.job import Job, Outcome
from vernly.engine.requests.kinds import RequestKind, RequestState
from vernly.engine.requests.ports import DataMapLike, ReportRenderer
from vernly.engine.requests.store import load, view
from vernly.engine.requests.views import RequestView
from vernly.errors import Conflict
from vernly.ledger import audit
from vernly.ledger.db import Ledger
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings

Handler = Callable[[Job], Outcome]
READ_ONLY = (RequestKind.access.value, RequestKind.portability.value)

HANDLERS: dict[str, Handler] = {
    RequestKind.access: access.run_access,
    RequestKind.portability: access.run_access,
    RequestKind.erasure: erasure.run_erasure,
    RequestKind.rectification: rectification.run_rectification,
    RequestKind.restriction: standing.run_restriction,
    RequestKind.lift_restriction: standing.run_lift,
    RequestKind.objection: standing.run_objection,
    RequestKind.withdraw_consent: standing.run_withdrawal,
}


def open_data_map(loaded: LoadedPolicy, settings: Settings) -> DataMapLike:
    from vernly.connectors.datamap import DataMap

    opened: DataMapLike = DataMap(loaded.policy, settings.workspace, settings.env)
    return opened


def run(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, request_id: str, actor: str,
        *, data_map: DataMapLike | None = None,
        renderer: ReportRenderer | None = None) -> RequestView:
    """Execute a verified request (or finish one a crash interrupted)."""
    now = settings.now()
    with ledger.session() as session:
        request = load(session, request_id, lock=True)
        if request.state == RequestState.received:
            raise Conflict(f"request {request_id} is not verified yet; verify the person's "
                           "identity first")
        if request.state == RequestState.rejected:
            raise Conflict(f"request {request_id} was rejected: {request.rejected_reason}")
        if request.state == RequestState.completed:
            return view(session, request, now)
        resumed = request.state == RequestState.in_progress
        request.state = RequestState.in_progress.value
        request.started_at = request.started_at or now
        if request.kind not in READ_ONLY or resumed:
            # Reading kinds are audited by their collection entry right after; a destructive
            # one gets its own start entry before anything is touched.
            audit.append(session, at=now, actor=actor,
                         action="request.resumed" if resumed else "request.started",
                         target=request.id, detail={"kind": request.kind})
        job = Job(ledger=ledger, settings=settings, loaded=loaded, request_id=request.id,
                  kind=request.kind, identity=identity_of(request),
                  details=dict(request.details or {}), actor=actor,
                  data_map=data_map or open_data_map(loaded, settings), renderer=renderer)
    try:
        outcome = HANDLERS[job.kind](job)
    finally:
        if data_map is None:
            job.data_map.close()
    now = settings.now()
    with ledger.session() as session:
        request = load(session, request_id, lock=True)
        still_open = tasks.open_count(session, request.id)
        request.result = {**outcome.result, "open_tasks": still_open,
                          "systems_done": outcome.complete}
        if outcome.package_path:
            request.package_path = outcome.package_path
        counts = {"open_tasks": still_open,
                  "failed_systems": len(outcome.result.get("failed") or {})}
        if "records" in outcome.result:
            counts["records"] = int(outcome.result["records"])
        # The package (if any) is written by now; its entry is this one.
        detail = {"package": bool(outcome.package_path)}
        if outcome.complete and not still_open:
            request.state = RequestState.completed.value
            request.completed_at = now
            audit.append(session, at=now, actor=actor, action="request.completed",
                         target=request.id, counts=counts, detail=detail)
        else:
            audit.append(session, at=now, actor=actor, action="request.waiting",
                         target=request.id, counts=counts, detail=detail)
        return view(session, request, now)
