"""Consent over time: per week and category, how many choices gave and how many refused, and
which share of refusals came from a browser signal (Do Not Track, Global Privacy Control).

Counted in the database (GROUP BY day, event, purpose, method over the window) and folded into
ISO weeks here, so the work grows with the days shown, not the records held. A withdrawal
counts as a refusal; service-level events are left out (the category's own event counts).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vernly.ledger.consent import ConsentEvent

SIGNALS = ("dnt", "gpc")
REFUSALS = ("refused", "withdrawn")


@dataclass
class Week:
    """One ISO week's counts."""

    start: date
    """The Monday the week starts."""
    given: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    """Category → choices that gave consent."""
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    """Category → choices that refused or withdrew it."""
    refused_by: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    """Method (banner, form, dnt, gpc, ...) → refusals of any category."""

    def rate(self, category: str) -> float | None:
        """The share of choices for `category` that gave consent (None: no choices)."""
        total = self.given[category] + self.refused[category]
        return self.given[category] / total if total else None

    def signal_share(self, method: str) -> float | None:
        """The share of this week's refusals made by `method`."""
        total = sum(self.refused_by.values())
        return self.refused_by[method] / total if total else None


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly(session: Session, now: datetime, weeks: int = 12) -> list[Week]:
    """The last `weeks` ISO weeks up to `now`, oldest first (empty weeks included)."""
    first = _monday(now.date()) - timedelta(weeks=weeks - 1)
    since = datetime(first.year, first.month, first.day, tzinfo=now.tzinfo)
    day = func.date(ConsentEvent.at)
    rows = session.execute(
        select(day, ConsentEvent.event, ConsentEvent.purpose, ConsentEvent.method,
               func.count())
        .where(ConsentEvent.at >= since, ConsentEvent.at <= now,
               ConsentEvent.service.is_(None), ConsentEvent.event.in_(("given", *REFUSALS)))
        .group_by(day, ConsentEvent.event, ConsentEvent.purpose, ConsentEvent.method)).all()
    by_start = {first + timedelta(weeks=i): Week(first + timedelta(weeks=i))
                for i in range(weeks)}
    for raw_day, event, purpose, method, count in rows:
        when = raw_day if isinstance(raw_day, date) else date.fromisoformat(str(raw_day)[:10])
        week = by_start.get(_monday(when))
        if week is None:
            continue
        if event == "given":
            week.given[purpose] += count
        else:
            week.refused[purpose] += count
            week.refused_by[method] += count
    return list(by_start.values())
