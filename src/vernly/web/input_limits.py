"""How long each kind of string the web accepts may be, and how big a body.

One place for the numbers so every model and form field uses the same ones; a longer value
is a 422 naming the field, a bigger body a 413, before anything is stored.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import AfterValidator, StringConstraints

MAX_BODY_BYTES = 256 * 1024
"""Largest request body (JSON or form) the app reads."""
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
"""Largest body of a processor's answer (files an operator attaches to an access task)."""
UPLOAD_PATHS = ("/api/v1/requests/tasks/", "/console/answers/")
"""Where such uploads arrive: the only paths allowed `MAX_UPLOAD_BYTES`."""
EMAIL = 254
"""RFC 5321's limit on a forward path."""
PHONE = 40
NAME = 200
"""Ids, names, systems, datasets, record ids, purposes."""
WORD = 40
"""Enum-like words: kinds, methods, roles, languages, notice versions."""
CODE = 16
"""One-time codes (six digits, with room for spaces a person types)."""
TEXT = 2000
"""Reasons and notes."""
DETAILS_BYTES = 16 * 1024
"""A request's `details` object, as JSON."""
ENTRIES = 100
"""Entries in a decisions or services object."""

Email = Annotated[str, StringConstraints(max_length=EMAIL)]
Phone = Annotated[str, StringConstraints(max_length=PHONE)]
Name = Annotated[str, StringConstraints(max_length=NAME)]
Word = Annotated[str, StringConstraints(max_length=WORD)]
Text = Annotated[str, StringConstraints(max_length=TEXT)]


def _small_details(value: dict[str, Any]) -> dict[str, Any]:
    try:
        as_json = json.dumps(value, ensure_ascii=False, default=str, allow_nan=False)
    except ValueError:
        raise ValueError("numbers must be finite (no NaN or Infinity)") from None
    if len(as_json) > DETAILS_BYTES:
        raise ValueError(f"at most {DETAILS_BYTES // 1024} KiB as JSON")
    return value


Details = Annotated[dict[str, Any], AfterValidator(_small_details)]
