"""Times and values as the person reads them: in the controller's time zone and the page's
locale (`policy.controller.time_zone`, Babel), never as UTC ISO strings."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from vernly.notices.i18n import BABEL_LOCALE, tr
from vernly.policy.models import Policy


def zone_of(policy: Policy) -> ZoneInfo:
    """The controller's time zone (validated when the policy loads)."""
    return ZoneInfo(policy.controller.time_zone)


def local_datetime(value: datetime, policy: Policy, lang: str) -> str:
    """'30. nov. 2026 17:58' / '30 Nov 2026 17:58' in the controller's zone; a naive value
    is UTC (that is how vernly and the demo store times)."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    local = aware.astimezone(zone_of(policy))
    locale = BABEL_LOCALE[lang]
    day = format_date(local, "medium", locale=locale)
    return f"{day} {format_time(local, 'short', locale=locale)}"


def local_date(value: date, lang: str) -> str:
    """'14. des. 2026' / '14 Dec 2026'."""
    return format_date(value, "medium", locale=BABEL_LOCALE[lang])


def shown_value(value: Any, policy: Policy, lang: str) -> str:
    """A database value in words fit for the report: local times, localised numbers."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_datetime(value, policy, lang)
    if isinstance(value, date):
        return local_date(value, lang)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return tr(lang, "Yes") if value else tr(lang, "No")
    if isinstance(value, int | float | Decimal):
        return format_decimal(value, locale=BABEL_LOCALE[lang], group_separator=False)
    if isinstance(value, bytes | bytearray | memoryview):
        return tr(lang, "(binary data, %(num)d bytes)", num=len(bytes(value)))
    return str(value)


def local_day(value: datetime, policy: Policy, lang: str) -> str:
    """The day a moment falls on in the controller's zone ('14. des. 2026'); naive is UTC."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return local_date(aware.astimezone(zone_of(policy)).date(), lang)
