"""Keep the translation catalogues in step with the code: extract, update, compile, check.

`python -m vernly.notices.catalog update` (or `make i18n`) extracts every fixed string from the
notices, web and engine (its e-mails) packages (Python `tr`/`ptr`/`ntr`/`N_` calls,
`_()`/`pgettext()`/`{% trans %}` in the Jinja2 templates) and the names of the built-in data
categories, merges them into `locale/<lang>/LC_MESSAGES/vernly.po` keeping the translations,
and compiles the `.mo` files that are committed next to them.
`python -m vernly.notices.catalog check` reports what is out of step (the test suite runs it).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from vernly.notices.i18n import DOMAIN, LANGS, LOCALE_DIR
from vernly.policy.categories import CATEGORIES

SOURCE_DIR = Path(__file__).parent.parent
"""src/vernly: locations in the catalogue are relative to it."""
PACKAGES = ("notices", "web", "engine")
"""Where fixed strings are: the notices' and the web's pages, the engine's e-mails (last, so
the older entries keep their place in the catalogue)."""
POT = LOCALE_DIR / f"{DOMAIN}.pot"
KEYWORDS = {"tr": (2,), "ptr": ((2, "c"), 3), "ntr": (2, 3), "N_": None, "_": None,
            "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
_JINJA = "jinja2.ext:babel_extract"
METHODS = [("**.py", "python"), ("templates/**.j2", _JINJA), ("templates/**.html", _JINJA)]
OPTIONS = {"templates/**.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true",
                               "lstrip_blocks": "true"},
           "templates/**.html": {"extensions": "jinja2.ext.i18n"}}
_FIXED_DATE = datetime(2025, 1, 1, tzinfo=UTC)
TRANSLATED = ("nb",)
"""Languages whose every message must be translated (English msgids are the English text)."""


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


def extract() -> Catalog:
    """Every fixed string vernly's notices and web pages use, as a template catalogue."""
    template = Catalog(project="vernly", domain=DOMAIN, charset="utf-8")
    for package in PACKAGES:
        found = extract_from_dir(str(SOURCE_DIR / package), METHODS, OPTIONS, KEYWORDS,
                                 comment_tags=("TRANSLATORS:",), strip_comment_tags=True)
        for filename, lineno, message, comments, context in found:
            template.add(message, locations=[(f"{package}/{filename}", lineno)],
                         auto_comments=comments, context=context)
    for key, name in CATEGORIES.items():
        template.add(name, locations=[("policy/categories.py", 0)],
                     auto_comments=[f"data category {key}"])
    return template


def _read(path: Path, lang: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN, charset="utf-8")
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def _write_po(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=False,
                 include_previous=False)


def _compile(po: Catalog) -> bytes:
    out = BytesIO()
    write_mo(out, po, use_fuzzy=False)
    return out.getvalue()


def update() -> None:
    """Extract, merge into each language's .po (keeping translations) and compile the .mo."""
    template = extract()
    template.creation_date = _FIXED_DATE
    _write_po(template, POT)
    for lang in LANGS:
        catalog = _read(po_path(lang), lang)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if lang not in TRANSLATED:
            # The msgids are English: the English catalogue starts as a copy that can be edited.
            for message in catalog:
                if message.id and not _is_translated(message.string):
                    message.string = message.id
                    message.flags.discard("fuzzy")
        catalog.project, catalog.version = "vernly", "1"
        catalog.copyright_holder = "the vernly authors"
        catalog.last_translator = catalog.language_team = "vernly maintainers"
        catalog.fuzzy = False
        # A fixed date keeps `make i18n` from rewriting files whose messages did not change.
        catalog.creation_date = catalog.revision_date = _FIXED_DATE
        _write_po(catalog, po_path(lang))
        mo_path(lang).write_bytes(_compile(_read(po_path(lang), lang)))


def _norm(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


def _is_translated(string: object) -> bool:
    return all(string) if isinstance(string, list | tuple) else bool(string)


def _key(message: Message) -> tuple[object, str | None]:
    context: object = message.context
    # Babel's read_mo leaves a message context as bytes.
    if isinstance(context, bytes):
        context = context.decode("utf-8")
    return _norm(message.id), context if isinstance(context, str) else None


def _translations(catalog: Catalog) -> dict[object, object]:
    """What a compiled catalogue would hold: translated, non-fuzzy messages."""
    return {_key(m): _norm(m.string) for m in catalog
            if m.id and _is_translated(m.string) and not m.fuzzy}


def _name(key: tuple[object, str | None]) -> str:
    msgid, context = key
    return f"{msgid!r} ({context})" if context else repr(msgid)


def check() -> list[str]:
    """Problems with the catalogues, one line each; empty when all is in step."""
    problems: list[str] = []
    wanted = {_key(m) for m in extract() if m.id}
    for lang in LANGS:
        po_file, mo_file = po_path(lang), mo_path(lang)
        if not po_file.exists():
            problems.append(f"{po_file}: missing; run `make i18n`")
            continue
        po = _read(po_file, lang)
        have = {_key(m) for m in po if m.id}
        for name in sorted(map(_name, wanted - have)):
            problems.append(f"{po_file}: no entry for {name}; run `make i18n`")
        if lang in TRANSLATED:
            for m in po:
                if m.id and _key(m) in wanted and (m.fuzzy or not _is_translated(m.string)):
                    problems.append(f"{po_file}: {_name(_key(m))} is not translated")
        if not mo_file.exists():
            problems.append(f"{mo_file}: missing; run `make i18n`")
            continue
        with mo_file.open("rb") as handle:
            compiled = read_mo(handle)
        if _translations(compiled) != _translations(po):
            problems.append(f"{mo_file}: out of date with {po_file.name}; run `make i18n`")
    return problems


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        update()
        return 0
    if argv[:1] == ["check"]:
        problems = check()
        for line in problems:
            print(line, file=sys.stderr)
        return 1 if problems else 0
    print("usage: python -m vernly.notices.catalog update|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
