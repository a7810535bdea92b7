"""Order information is kept five years after the end of its fiscal year (bokføringsloven
§ 13), with fiscal years counted in Oslo time: the cutoff deletes exactly the expired years."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from vernly.policy.durations import parse_duration
from vernly.policy.retention_clock import fiscal_cutoff, is_expired, zone_for_country

OSLO = ZoneInfo("Europe/Oslo")
P5Y = parse_duration("P5Y")


def oslo(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=OSLO).astimezone(UTC)  # type: ignore[misc]


def test_an_order_of_2019_may_go_at_the_first_moment_of_2025_in_oslo() -> None:
    assert fiscal_cutoff(P5Y, oslo(2025, 1, 1, 0, 0), OSLO) == oslo(2020, 1, 1)
    assert fiscal_cutoff(P5Y, oslo(2024, 12, 31, 23, 59, 59), OSLO) == oslo(2019, 1, 1)


def test_new_years_eve_orders_belong_to_the_year_they_were_placed_in_oslo() -> None:
    last_of_2019 = oslo(2019, 12, 31, 23, 30)    # 22:30 UTC
    first_of_2020 = oslo(2020, 1, 1, 0, 30)      # still 31 December in UTC
    at = oslo(2025, 1, 1, 0, 0)
    cutoff = fiscal_cutoff(P5Y, at, OSLO)
    assert last_of_2019 < cutoff
    assert not first_of_2020 < cutoff
    assert is_expired(last_of_2019, P5Y, at, fiscal=True, zone=OSLO)
    assert not is_expired(first_of_2020, P5Y, at, fiscal=True, zone=OSLO)


def test_a_leap_day_order_expires_with_its_year() -> None:
    leap = oslo(2024, 2, 29, 12)
    assert not is_expired(leap, P5Y, oslo(2029, 12, 31, 23), fiscal=True, zone=OSLO)
    assert is_expired(leap, P5Y, oslo(2030, 1, 1, 0, 0), fiscal=True, zone=OSLO)
    assert leap < fiscal_cutoff(P5Y, oslo(2030, 1, 1, 0, 0), OSLO)


def test_the_controllers_country_sets_the_fiscal_time_zone() -> None:
    assert zone_for_country("NO") == OSLO
    assert zone_for_country("XX") == UTC


moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31),
                       timezones=st.just(UTC))
durations = st.sampled_from(["P5Y", "P3Y", "P1Y", "P10Y", "P18M", "P5Y6M", "P0D", "P30D"])


@settings(max_examples=400, deadline=None)
@given(ts=moments, now=moments, text=durations,
       zone=st.sampled_from([OSLO, UTC, ZoneInfo("America/New_York")]))
def test_the_cutoff_removes_exactly_the_records_whose_fiscal_year_ended_long_enough_ago(
        ts: datetime, now: datetime, text: str, zone: ZoneInfo) -> None:
    duration = parse_duration(text)
    cutoff = fiscal_cutoff(duration, now, zone)
    assert (ts < cutoff) == is_expired(ts, duration, now, fiscal=True, zone=zone)
    # The cutoff is always a fiscal-year boundary (local midnight of 1 January).
    local = cutoff.astimezone(zone)
    assert (local.month, local.day, local.hour, local.minute) == (1, 1, 0, 0)


@settings(max_examples=200, deadline=None)
@given(now=moments, step=st.integers(min_value=1, max_value=400))
def test_the_cutoff_never_moves_backwards_as_time_passes(now: datetime, step: int) -> None:
    later = now + timedelta(days=step)
    assert fiscal_cutoff(P5Y, now, OSLO) <= fiscal_cutoff(P5Y, later, OSLO)
