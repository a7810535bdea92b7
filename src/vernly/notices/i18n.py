"""A Jinja2 environment per language with vernly's translations bound, and the translation
helpers of `vernly.i18n` (the one catalogue every layer uses) under their old names, for the
notice, the access report, the privacy centre and the console.
"""

from __future__ import annotations

import functools

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from vernly.i18n import (
    BABEL_LOCALE,
    DOMAIN,
    LANGS,
    LOCALE_DIR,
    N_,
    Lang,
    check_lang,
    ntr,
    ptr,
    tr,
    translations,
)

__all__ = [
    "BABEL_LOCALE",
    "DOMAIN",
    "LANGS",
    "LOCALE_DIR",
    "N_",
    "Lang",
    "check_lang",
    "environment",
    "install_translations",
    "ntr",
    "ptr",
    "tr",
    "translations",
]


@functools.cache
def environment(lang: str, markdown: bool = False) -> Environment:
    """A Jinja2 environment with `_`/`ngettext` bound to `lang` (HTML autoescaped)."""
    env = Environment(
        loader=PackageLoader("vernly.notices", "templates"),
        autoescape=False if markdown else select_autoescape(["html.j2", "html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return install_translations(env, lang)


def install_translations(env: Environment, lang: str) -> Environment:
    """Bind `_`, `gettext`, `ngettext` and `pgettext` in `env`'s templates to `lang`.

    New-style gettext: placeholders are filled by name (`_("%(n)s rows", n=...)`) and the
    values, not the translations, are autoescaped.
    """
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env
