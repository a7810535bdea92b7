"""The console's one formatting module: dates in the controller's time zone, deadlines and
retention periods in words, in Norwegian and English."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from vernly.notices.formatting import Formatter

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime(2026, 11, 30, 13, 16, 10, 142975, tzinfo=UTC)


def test_a_date_is_written_day_first_with_the_month_abbreviated() -> None:
    moment = datetime(2026, 12, 30, 12, tzinfo=UTC)
    assert Formatter("nb", OSLO, NOW).date(moment) == "30. des. 2026"
    assert Formatter("en", OSLO, NOW).date(moment) == "30 Dec 2026"
    assert Formatter("nb", OSLO, NOW).date(moment.isoformat()) == "30. des. 2026"


def test_the_day_is_the_controllers_day_not_utcs() -> None:
    late_evening_utc = datetime(2026, 12, 30, 23, 30, tzinfo=UTC)  # already the 31st in Oslo
    assert Formatter("nb", OSLO, NOW).date(late_evening_utc) == "31. des. 2026"
    assert Formatter("nb", OSLO, NOW).datetime(late_evening_utc) == "31. des. 2026 kl. 00:30"
    assert Formatter("nb", UTC, NOW).date(late_evening_utc) == "30. des. 2026"


def test_a_deadline_is_in_days_until_it_is_months_away() -> None:
    nb, en = Formatter("nb", OSLO, NOW), Formatter("en", OSLO, NOW)
    assert nb.relative(NOW + timedelta(days=12)) == "om 12 dager"
    assert en.relative(NOW + timedelta(days=12)) == "in 12 days"
    assert nb.relative(NOW - timedelta(days=3)) == "for 3 dager siden"
    assert en.relative(NOW - timedelta(days=1)) == "yesterday"
    assert nb.relative(NOW) == "i dag"
    assert nb.relative(NOW + timedelta(days=1)) == "i morgen"
    assert nb.relative(NOW + timedelta(days=45)) == "om 45 dager"
    assert nb.relative(NOW + timedelta(days=120)) == "om 4 måneder"
    assert en.relative(NOW - timedelta(days=2158)) == "6 years ago"


def test_retention_periods_and_ages_are_words_not_iso() -> None:
    nb, en = Formatter("nb", OSLO, NOW), Formatter("en", OSLO, NOW)
    assert nb.duration("P24M") == "24 måneder"
    assert en.duration("P5Y") == "5 years"
    assert nb.duration("P7D") == "7 dager"
    assert nb.duration("P0D") == "straks" and en.duration("P0D") == "at once"
    assert nb.age(NOW - timedelta(days=2158)) == "6 år"
    assert en.age(NOW - timedelta(days=14)) == "14 days"
    assert nb.seconds(86400) == "24 timer"
