"""ISO 8601 durations in the words a notice uses: P5Y → "fem år", P12M → "12 måneder".

Norwegian and English style (and the seed) spell small numbers of years out in running text
("fem år", "five years") but write months, days and hours as digits ("12 måneder", "7 dager").
Tables use digits throughout (`spell_years=False`).
"""

from __future__ import annotations

import re

from babel.lists import format_list

from vernly.notices.i18n import BABEL_LOCALE, ntr, tr
from vernly.policy.durations import parse_duration

_NUMBER_WORDS: dict[str, tuple[str, ...]] = {
    "nb": ("null", "ett", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti",
           "elleve", "tolv"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
           "eleven", "twelve"),
}


def _years(n: int, lang: str, spell: bool) -> str:
    if spell and n < len(_NUMBER_WORDS[lang]):
        word = _NUMBER_WORDS[lang][n]
        return ntr(lang, "%(word)s year", "%(word)s years", n, word=word)
    return ntr(lang, "%(num)s year", "%(num)s years", n)


_PARTS = re.compile(
    r"^P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$"
)


def duration_words(text: str, lang: str, *, spell_years: bool = True) -> str:
    """The duration in words, unit by unit as written (PT24H is "24 timer", not "1 dag").

    An empty string for a zero duration (P0D). Fractions are not worded; they are rare in
    policies and are shown as the ISO text.
    """
    parse_duration(text)
    match = _PARTS.match(text)
    if match is None:
        return text
    n = {k: int(v) for k, v in match.groupdict().items() if v}
    parts: list[str] = []
    if n.get("years"):
        parts.append(_years(n["years"], lang, spell_years))
    if n.get("months"):
        parts.append(ntr(lang, "%(num)s month", "%(num)s months", n["months"]))
    if n.get("weeks"):
        parts.append(ntr(lang, "%(num)s week", "%(num)s weeks", n["weeks"]))
    if n.get("days"):
        parts.append(ntr(lang, "%(num)s day", "%(num)s days", n["days"]))
    if n.get("hours"):
        parts.append(ntr(lang, "%(num)s hour", "%(num)s hours", n["hours"]))
    if n.get("minutes"):
        parts.append(tr(lang, "%(num)s min", num=n["minutes"]))
    if n.get("seconds"):
        parts.append(ntr(lang, "%(num)s second", "%(num)s seconds", n["seconds"]))
    return format_list(parts, locale=BABEL_LOCALE[lang]) if parts else ""
