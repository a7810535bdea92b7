"""Translations of vernly's fixed strings (nb, en): one Babel catalogue for every layer.

A shared leaf like `vernly.errors`: the engine words its e-mails to the person with it and
`vernly.notices` its pages, so both read the same catalogue without the engine importing
the notices. The policy supplies every fact in both languages; only the words vernly itself
adds (headings, labels, units, the e-mails' sentences) go through gettext. The compiled
`.mo` catalogues are committed next to their `.po` sources; `vernly.notices.catalog` keeps
them in step.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from babel.support import Translations

from vernly.errors import ConfigurationError, InvalidInput

Lang = Literal["nb", "en"]
LANGS: tuple[Lang, ...] = ("nb", "en")
DOMAIN = "vernly"
LOCALE_DIR = Path(__file__).parent / "notices" / "locale"
"""The one catalogue. A data folder, not an import: it stays where the notices, which used
it first, and `make i18n` have always kept it."""
BABEL_LOCALE: dict[str, str] = {"nb": "nb_NO", "en": "en_GB"}
"""Babel locale for dates and lists; British English writes dates day first like the seed."""


def check_lang(lang: str) -> Lang:
    """The language code if vernly renders it, else a one-line error."""
    if lang not in LANGS:
        raise InvalidInput(f"language {lang!r} is not supported; expected one of nb, en")
    return "nb" if lang == "nb" else "en"


@functools.cache
def translations(lang: str) -> Translations:
    """The compiled catalogue for `lang`; a missing catalogue is an installation error."""
    lang = check_lang(lang)
    mo = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not mo.exists():
        raise ConfigurationError(f"{mo}: translation catalogue missing; run `make i18n`")
    with mo.open("rb") as handle:
        return Translations(handle, domain=DOMAIN)


def N_(message: str) -> str:
    """Mark a literal for the catalogue without translating it yet (translated where used)."""
    return message


def tr(lang: str, message: str, **values: object) -> str:
    """Translate `message` and fill its `%(name)s` placeholders."""
    text = translations(lang).gettext(message)
    return text % values if values else text


def ptr(lang: str, context: str, message: str, **values: object) -> str:
    """Translate `message` in `context`, for an English text that needs other Norwegian words
    in another place; fills `%(name)s` placeholders."""
    text = str(translations(lang).pgettext(context, message))
    return text % values if values else text


def ntr(lang: str, singular: str, plural: str, n: int, **values: object) -> str:
    """Translate with the language's plural rule; `%(num)s` is filled with `n`."""
    text = translations(lang).ngettext(singular, plural, n)
    return text % {"num": n, **values}
