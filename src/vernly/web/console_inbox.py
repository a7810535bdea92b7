"""What the inbox shows and exports: the filter from the query string, each request's row,
and the CSV export (every cell through `safe_cell`, so a spreadsheet never runs one)."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import Request

from vernly.cells import safe_cell
from vernly.engine.requests.inbox import InboxFilter
from vernly.engine.requests.kinds import RequestKind, RequestState
from vernly.engine.requests.views import RequestView
from vernly.errors import InvalidInput
from vernly.notices.formatting import Formatter
from vernly.web.console_lang import ActorNames

KINDS = [k.value for k in RequestKind]
STATES = [s.value for s in RequestState]
CSV_COLUMNS = ("id", "kind", "state", "email", "phone", "received", "deadline", "days_left",
               "overdue", "assignee", "channel")


def filter_of(request: Request) -> InboxFilter:
    """The inbox filter from `?q=&kind=&state=&overdue=&assignee=`; unknown values are 422."""
    params = request.query_params
    kind, state = params.get("kind", ""), params.get("state", "")
    if kind and kind not in KINDS:
        raise InvalidInput(f"kind: '{kind}' is not one of {', '.join(KINDS)}")
    if state and state not in STATES:
        raise InvalidInput(f"state: '{state}' is not one of {', '.join(STATES)}")
    return InboxFilter(text=params.get("q", "")[:200], kind=kind, state=state,
                       overdue=params.get("overdue", "") in ("1", "true", "on"),
                       assignee=params.get("assignee", "")[:200])


def days_left(view: RequestView, fmt: Formatter) -> int | None:
    """Calendar days to the deadline for an open request (negative: overdue)."""
    if view.state not in ("received", "verified", "in_progress"):
        return None
    return fmt.days_between(view.deadline_at)


def csv_text(views: list[RequestView], fmt: Formatter, names: ActorNames) -> str:
    """The inbox as CSV (RFC 4180 line ends), one request per row; who handles each is shown
    by name, as on the page (`names`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for v in views:
        left = days_left(v, fmt)
        row: list[Any] = [v.id, v.kind, v.state, v.email or "", v.phone or "",
                          fmt.iso(v.received_at), fmt.iso(v.deadline_at),
                          "" if left is None else left, "yes" if v.overdue else "no",
                          names.get(v.assignee) if v.assignee else "", v.channel]
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
