"""ISO 8601 retention periods count calendar months and years, not 30-day blocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vernly.policy.durations import parse_duration

MARCH_31 = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)


def test_twelve_months_before_the_last_of_march_is_the_last_of_march_a_year_earlier() -> None:
    assert parse_duration("P12M").before(MARCH_31) == datetime(2025, 3, 31, 12, 0, tzinfo=UTC)


def test_one_month_before_the_last_of_march_is_the_last_of_february() -> None:
    assert parse_duration("P1M").before(MARCH_31) == datetime(2026, 2, 28, 12, 0, tzinfo=UTC)


def test_a_leap_day_plus_one_year_lands_on_the_last_of_february() -> None:
    leap = datetime(2024, 2, 29, tzinfo=UTC)
    assert parse_duration("P1Y").after(leap) == datetime(2025, 2, 28, tzinfo=UTC)


def test_days_hours_and_minutes_are_exact() -> None:
    assert parse_duration("P7D").before(MARCH_31) == MARCH_31 - timedelta(days=7)
    assert parse_duration("PT10M").after(MARCH_31) == MARCH_31 + timedelta(minutes=10)
    assert parse_duration("PT24H").after(MARCH_31) == MARCH_31 + timedelta(days=1)


def test_five_years_after_a_fiscal_year_end() -> None:
    year_end = datetime(2020, 12, 31, 23, 59, tzinfo=UTC)
    assert parse_duration("P5Y").after(year_end) == datetime(2025, 12, 31, 23, 59, tzinfo=UTC)


@pytest.mark.parametrize("text", ["P7X", "7 days", "P1.5M", "", "7D", "P"])
def test_what_is_not_an_iso_8601_duration_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="expected"):
        parse_duration(text)


moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31),
                       timezones=st.just(UTC))
calendar = st.builds(lambda y, m, d: f"P{y}Y{m}M{d}D", st.integers(0, 30), st.integers(0, 24),
                     st.integers(0, 400))
fixed = st.builds(lambda d, h: f"P{d}DT{h}H", st.integers(0, 4000), st.integers(0, 48))


@given(calendar, moments)
def test_going_back_and_forth_by_a_calendar_period_lands_within_four_days(
    text: str, moment: datetime
) -> None:
    duration = parse_duration(text)
    # Two things can be lost on the way: the day-of-month clamp (31 -> 28, three days at
    # most), and one leap day when the day count crosses 29 February going back but not
    # coming forth (P1Y1M365D from 2024-03-31 comes back to 2024-03-27).
    assert abs(duration.after(duration.before(moment)) - moment) <= timedelta(days=4)


def test_the_four_days_are_reached_by_a_clamp_and_a_leap_day() -> None:
    duration = parse_duration("P1Y1M365D")
    moment = datetime(2024, 3, 31, tzinfo=UTC)
    assert duration.before(moment) == datetime(2022, 2, 28, tzinfo=UTC)
    assert duration.after(duration.before(moment)) == datetime(2024, 3, 27, tzinfo=UTC)


@given(fixed, moments)
def test_going_back_and_forth_by_a_fixed_period_is_exact(text: str, moment: datetime) -> None:
    duration = parse_duration(text)
    assert duration.after(duration.before(moment)) == moment


@given(calendar, moments, moments)
def test_a_later_moment_never_has_an_earlier_cutoff(text: str, a: datetime, b: datetime) -> None:
    duration = parse_duration(text)
    early, late = sorted((a, b))
    assert duration.before(early) <= duration.before(late)
