"""Moments given on the command line (`--now`, `--until`, `--at`), shared by `vernly sweep`
and the retention commands."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import typer

from vernly.cli.common import settings_for
from vernly.errors import InvalidInput
from vernly.settings import Settings

NowOption = typer.Option(None, "--now", help="Judge as if it were this time (ISO 8601); "
                                             "default: $VERNLY_NOW or the real clock.")


def parse_moment(raw: str, what: str, *, end_of_day: bool = False) -> datetime:
    """ISO date-time (naive = UTC) or date (its start, or with end_of_day its end)."""
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            start = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return start + timedelta(days=1) if end_of_day else start
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"{what}: {raw!r} is not an ISO 8601 date or date-time") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def settings_at(workspace: Path | None, now: str | None) -> Settings:
    """The workspace's settings, with the clock moved to `--now` when it is given."""
    settings = settings_for(workspace)
    if now:
        settings = replace(settings, now_override=parse_moment(now, "--now"))
    return settings
