"""When a retention period has run out: the cutoff instant of a rule at a given moment.

A record is past its limit when its trigger time is strictly before the cutoff. For plain
triggers the cutoff is `now - duration` in calendar arithmetic. For bookkeeping
(`fiscal_year_end`) the period starts when the fiscal year of the record ends, so the
cutoff is a fiscal-year boundary: every record of fiscal year Y is past its limit once
`end_of(Y) + duration <= now`, and none of fiscal year Y+1 is until a year later.
Fiscal years are calendar years in the controller's local time, so an order placed at
00:30 on 1 January in Oslo belongs to the new year even though it is still 31 December
in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

from vernly.policy.durations import Duration, parse_duration

# Countries with one civil time zone; others fall back to UTC (documented in the status).
_ZONES = {
    "NO": "Europe/Oslo", "SE": "Europe/Stockholm", "DK": "Europe/Copenhagen",
    "FI": "Europe/Helsinki", "IS": "Atlantic/Reykjavik", "DE": "Europe/Berlin",
    "NL": "Europe/Amsterdam", "BE": "Europe/Brussels", "FR": "Europe/Paris",
    "IE": "Europe/Dublin", "GB": "Europe/London", "AT": "Europe/Vienna",
    "CH": "Europe/Zurich", "IT": "Europe/Rome", "PL": "Europe/Warsaw",
    "EE": "Europe/Tallinn", "LV": "Europe/Riga", "LT": "Europe/Vilnius",
}


def zone_for_country(country: str) -> tzinfo:
    """The civil time zone fiscal years are counted in for a controller in `country`."""
    name = _ZONES.get(country.upper())
    return ZoneInfo(name) if name else UTC


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def fiscal_year_end(year: int, zone: tzinfo) -> datetime:
    """The instant fiscal year `year` ends (local midnight starting 1 January of year+1)."""
    return datetime(year + 1, 1, 1, tzinfo=zone).astimezone(UTC)


def fiscal_year_of(moment: datetime, zone: tzinfo) -> int:
    """The fiscal (calendar) year `moment` belongs to in the controller's local time."""
    return _aware(moment).astimezone(zone).year


def last_expired_fiscal_year(duration: Duration, now: datetime, zone: tzinfo) -> int:
    """The newest fiscal year whose records are past `duration` after its end at `now`."""
    now = _aware(now).astimezone(UTC)
    year = duration.before(now).year
    # `before` is only approximately the inverse of `after` (month-end clamping), so
    # settle on the exact boundary by stepping; this runs at most a couple of times.
    while duration.after(fiscal_year_end(year + 1, zone)) <= now:
        year += 1
    while duration.after(fiscal_year_end(year, zone)) > now:
        year -= 1
    return year


def fiscal_cutoff(duration: Duration, now: datetime, zone: tzinfo) -> datetime:
    """Records with a trigger time before this instant are past their bookkeeping period."""
    return fiscal_year_end(last_expired_fiscal_year(duration, now, zone), zone)


def plain_cutoff(duration: Duration, now: datetime) -> datetime:
    """Records with a trigger time before this instant are older than `duration`."""
    return duration.before(_aware(now).astimezone(UTC))


def is_expired(trigger_time: datetime, duration: Duration, now: datetime, *,
               fiscal: bool, zone: tzinfo = UTC) -> bool:
    """The definition the cutoffs implement, record by record (used by tests and checks)."""
    now = _aware(now).astimezone(UTC)
    if fiscal:
        return duration.after(fiscal_year_end(fiscal_year_of(trigger_time, zone), zone)) <= now
    return duration.after(_aware(trigger_time).astimezone(UTC)) <= now


def cutoff_for(duration_text: str, now: datetime, *, fiscal: bool,
               zone: tzinfo = UTC) -> datetime:
    """The cutoff of a rule with this ISO duration at `now`."""
    duration = parse_duration(duration_text)
    return fiscal_cutoff(duration, now, zone) if fiscal else plain_cutoff(duration, now)
