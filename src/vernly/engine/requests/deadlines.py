"""Art. 12(3): answer within one month of receipt; extendable by up to two further months,
when the person is told, with reasons, within the first month."""

from __future__ import annotations

from datetime import datetime

from vernly.errors import Conflict, InvalidInput
from vernly.ledger.requests import DsrRequest
from vernly.policy.durations import parse_duration

MAX_EXTENSION_MONTHS = 2


def deadline(received_at: datetime, extended_months: int = 0) -> datetime:
    """Received + one calendar month (+ any extension), e.g. 31 Jan -> 28/29 Feb."""
    return parse_duration(f"P{1 + extended_months}M").after(received_at)


def first_month_ends(received_at: datetime) -> datetime:
    return deadline(received_at, 0)


def is_overdue(request: DsrRequest, now: datetime) -> bool:
    """Still open after its deadline."""
    return request.state in ("received", "verified", "in_progress") and now > request.deadline_at


def check_extension(request: DsrRequest, months: int, reason: str, now: datetime) -> None:
    """Raise unless `months` (the total extension) may be granted now."""
    if not 1 <= months <= MAX_EXTENSION_MONTHS:
        raise InvalidInput(f"months: {months} is not allowed; an extension is 1 or 2 months")
    if not reason.strip():
        raise InvalidInput("reason: an extension needs a reason the person is told")
    if request.state not in ("received", "verified", "in_progress"):
        raise Conflict(f"request {request.id} is {request.state}; only open requests are extended")
    if now >= first_month_ends(request.received_at):
        raise Conflict(f"request {request.id}: an extension must be decided within the first "
                       f"month (ended {first_month_ends(request.received_at):%Y-%m-%d})")
    if months <= request.extended_months:
        raise Conflict(f"request {request.id} is already extended by "
                       f"{request.extended_months} month(s)")
