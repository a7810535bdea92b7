"""Times and durations in words, in one language and the controller's time zone.

Every console page formats through a `Formatter`, so a date reads "30. des. 2026" in
Norwegian and "30 Dec 2026" in English everywhere, a deadline "om 12 dager", and a
retention period "24 måneder". Relative times are counted in whole days (Babel's own
relative words say "døgn" in Norwegian and round 12 days to "2 weeks", which a deadline
must not).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, tzinfo
from datetime import datetime as Moment

from babel.dates import format_date, format_datetime

from vernly.notices.durations import duration_words
from vernly.notices.i18n import BABEL_LOCALE, check_lang, ntr, tr
from vernly.policy.durations import parse_duration

_DATE = {"nb": "d. MMM y", "en": "d MMM y"}
_DATETIME = {"nb": "d. MMM y 'kl.' HH:mm", "en": "d MMM y, HH:mm"}


def _aware(moment: Moment) -> Moment:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Formatter:
    """Formats for one reader: `lang` (nb or en), the controller's `zone`, and `now`."""

    lang: str
    zone: tzinfo
    now: Moment

    def __post_init__(self) -> None:
        check_lang(self.lang)

    def _local(self, moment: Moment | str) -> Moment:
        value = Moment.fromisoformat(moment) if isinstance(moment, str) else moment
        return _aware(value).astimezone(self.zone)

    def date(self, moment: Moment | str | None) -> str:
        """"30. des. 2026" / "30 Dec 2026" (the day in the controller's zone)."""
        if moment is None or moment == "":
            return ""
        return format_date(self._local(moment), _DATE[self.lang], locale=BABEL_LOCALE[self.lang])

    def datetime(self, moment: Moment | str | None) -> str:
        """"30. des. 2026 kl. 14:05" / "30 Dec 2026, 14:05"."""
        if moment is None or moment == "":
            return ""
        return format_datetime(self._local(moment), _DATETIME[self.lang],
                               locale=BABEL_LOCALE[self.lang])

    def iso(self, moment: Moment | str | None) -> str:
        """Machine-readable form for `<time datetime=...>`."""
        if moment is None or moment == "":
            return ""
        return self._local(moment).isoformat(timespec="minutes")

    def days_between(self, moment: Moment | str) -> int:
        """Calendar days from today to `moment` in the controller's zone (negative: past)."""
        return (self._local(moment).date() - self._local(self.now).date()).days

    def relative(self, moment: Moment | str | None) -> str:
        """"om 12 dager", "i dag", "for 3 dager siden" / "in 12 days", "today", "3 days ago"."""
        if moment is None or moment == "":
            return ""
        days = self.days_between(moment)
        if days == 0:
            return tr(self.lang, "today")
        if days == 1:
            return tr(self.lang, "tomorrow")
        if days == -1:
            return tr(self.lang, "yesterday")
        span = abs(days)
        if span < 60:
            amount = ntr(self.lang, "%(num)s day", "%(num)s days", span)
        elif span < 730:
            amount = ntr(self.lang, "%(num)s month", "%(num)s months", round(span / 30.44))
        else:
            amount = ntr(self.lang, "%(num)s year", "%(num)s years", round(span / 365.25))
        if days > 0:
            return tr(self.lang, "in %(amount)s", amount=amount)
        return tr(self.lang, "%(amount)s ago", amount=amount)

    def duration(self, iso_duration: str | None) -> str:
        """An ISO 8601 duration in words with digits: P24M → "24 måneder"."""
        if not iso_duration:
            return ""
        parse_duration(iso_duration)
        # P0D: the period is over as soon as it starts (e.g. deleted when the event happens).
        return duration_words(iso_duration, self.lang, spell_years=False) or tr(self.lang,
                                                                               "at once")

    def age(self, moment: Moment | str | None) -> str:
        """How old something is, in words: "2 år", "14 dager"."""
        if moment is None or moment == "":
            return ""
        span = -self.days_between(moment)
        if span < 60:
            return ntr(self.lang, "%(num)s day", "%(num)s days", max(span, 0))
        if span < 730:
            return ntr(self.lang, "%(num)s month", "%(num)s months", round(span / 30.44))
        return ntr(self.lang, "%(num)s year", "%(num)s years", round(span / 365.25))

    def seconds(self, total: int) -> str:
        """A span of seconds in the largest whole unit: 86400 → "24 timer"."""
        if total % 3600 == 0 and total:
            return ntr(self.lang, "%(num)s hour", "%(num)s hours", total // 3600)
        if total % 60 == 0 and total:
            return tr(self.lang, "%(num)s min", num=total // 60)
        return ntr(self.lang, "%(num)s second", "%(num)s seconds", total)
