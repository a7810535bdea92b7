"""Texts missing in a language the notice is published in (Art. 12(1): information in a
clear and plain language the person understands).

A policy may start in one language; each text still to be written in the other is listed at
its line, and shown meanwhile in the language given, marked (`Text.get`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from vernly.policy.lint.context import Context
from vernly.policy.lint.findings import Finding, Rule, Severity
from vernly.policy.models import Text

if TYPE_CHECKING:
    from vernly.policy.loader import Path_

TEXT_MISSING = Rule("VL851", Severity.warning, "Art. 12(1)",
                    "text missing in a language the notice declares",
                    fields=("NoticeMeta.languages", "Text.nb", "Text.en"))

RULES = (TEXT_MISSING,)

_NAMES = {"nb": "Norwegian (nb)", "en": "English (en)"}


def texts(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Text]]:
    """Every `Text` in a policy (or part of one) with its path in the document."""
    if isinstance(value, Text):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from texts(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts(item, (*path, str(key)))


def check(ctx: Context) -> Iterator[Finding]:
    from vernly.policy.loader import display_path

    languages = ctx.policy.notice.languages
    for path, text in texts(ctx.policy):
        missing = text.missing(languages)
        if missing:
            names = " and ".join(_NAMES.get(lang, lang) for lang in missing)
            yield ctx.finding(
                TEXT_MISSING, path,
                f"{display_path(path, ctx.loaded.data)}: no {names} text, expected one in each "
                f"of the notice's languages ({', '.join(languages)}); shown meanwhile in the "
                "language given, marked")
