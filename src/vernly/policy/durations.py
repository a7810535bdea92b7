"""ISO 8601 durations (P7D, P12M, P5Y, PT10M) as the policy writes them.

The policy keeps the text as written; `parse_duration` turns it into calendar
arithmetic so "P12M before 2026-03-31" lands on 2025-03-31, not 360 days earlier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated

import isodate
from pydantic import AfterValidator
from pydantic.json_schema import WithJsonSchema


@dataclass(frozen=True)
class Duration:
    """A parsed ISO 8601 duration with calendar years and months kept apart."""

    text: str
    years: int
    months: int
    delta: timedelta
    """The fixed part: weeks, days, hours, minutes, seconds."""

    def before(self, moment: datetime) -> datetime:
        """The moment this long before `moment` (the retention cutoff)."""
        return self._shift(moment, -1)

    def after(self, moment: datetime) -> datetime:
        """The moment this long after `moment` (when something expires)."""
        return self._shift(moment, 1)

    def _shift(self, moment: datetime, sign: int) -> datetime:
        total_months = moment.month - 1 + sign * (self.years * 12 + self.months)
        year, month = moment.year + total_months // 12, total_months % 12 + 1
        day = min(moment.day, _days_in_month(year, month))
        return moment.replace(year=year, month=month, day=day) + sign * self.delta

    def approx_days(self) -> float:
        return self.years * 365.25 + self.months * 30.44 + self.delta.total_seconds() / 86400


def _days_in_month(year: int, month: int) -> int:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


def parse_duration(text: str) -> Duration:
    """Parse an ISO 8601 duration; raises ValueError with what was expected."""
    if not isinstance(text, str) or not text.startswith("P"):
        raise ValueError(f"{text!r} is not an ISO 8601 duration (expected e.g. P7D, P12M, P5Y)")
    try:
        parsed = isodate.parse_duration(text)
    except (isodate.ISO8601Error, ValueError) as exc:
        raise ValueError(
            f"{text!r} is not an ISO 8601 duration (expected e.g. P7D, P12M, P5Y)"
        ) from exc
    if isinstance(parsed, timedelta):
        return Duration(text=text, years=0, months=0, delta=parsed)
    years, months = int(parsed.years), int(parsed.months)
    if years != parsed.years or months != parsed.months:
        raise ValueError(f"{text!r} has a fractional number of years or months, expected whole "
                         "numbers (e.g. P1M, P45D)")
    return Duration(text=text, years=years, months=months, delta=parsed.tdelta)


def _validate(text: str) -> str:
    parse_duration(text)
    return text


_PATTERN = r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"
"""An ISO 8601 duration's form, for editors (the JSON Schema); `_validate` decides."""

IsoDuration = Annotated[str, AfterValidator(_validate),
                        WithJsonSchema({"type": "string", "pattern": _PATTERN})]
"""A policy field holding an ISO 8601 duration, validated on load and kept as text."""
