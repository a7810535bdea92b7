"""Retention periods read as the seed writes them: years in words, months and days in digits."""

from __future__ import annotations

import pytest

from vernly.notices.durations import duration_words


@pytest.mark.parametrize(("iso", "nb", "en"), [
    ("P5Y", "fem år", "five years"),
    ("P1Y", "ett år", "one year"),
    ("P2Y", "to år", "two years"),
    ("P20Y", "20 år", "20 years"),
    ("P12M", "12 måneder", "12 months"),
    ("P24M", "24 måneder", "24 months"),
    ("P1M", "1 måned", "1 month"),
    ("P7D", "7 dager", "7 days"),
    ("P1D", "1 dag", "1 day"),
    ("P90D", "90 dager", "90 days"),
    ("P2W", "2 uker", "2 weeks"),
    ("PT24H", "24 timer", "24 hours"),
    ("PT10M", "10 min", "10 min"),
    ("P1Y6M", "ett år og 6 måneder", "one year and 6 months"),
    ("P0D", "", ""),
])
def test_a_duration_is_worded_in_both_languages(iso: str, nb: str, en: str) -> None:
    assert duration_words(iso, "nb") == nb
    assert duration_words(iso, "en") == en


def test_tables_can_ask_for_digits_only() -> None:
    assert duration_words("P2Y", "nb", spell_years=False) == "2 år"
    assert duration_words("P5Y", "en", spell_years=False) == "5 years"


def test_a_malformed_duration_is_refused_with_what_was_expected() -> None:
    with pytest.raises(ValueError, match=r"expected e\.g\. P7D"):
        duration_words("7 days", "nb")
