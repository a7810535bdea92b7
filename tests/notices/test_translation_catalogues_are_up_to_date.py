"""The committed .po/.mo catalogues hold every fixed string and agree with each other."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from vernly.notices import catalog
from vernly.notices.i18n import tr


def test_every_fixed_string_is_translated_and_every_mo_matches_its_po() -> None:
    assert catalog.check() == []


def test_a_stale_mo_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locale = tmp_path / "locale"
    for lang in ("nb", "en"):
        folder = locale / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        for suffix in (".po", ".mo"):
            source = catalog.po_path(lang).with_suffix(suffix)
            (folder / source.name).write_bytes(source.read_bytes())
    po_file = locale / "nb" / "LC_MESSAGES" / "vernly.po"
    with po_file.open("rb") as handle:
        po = read_po(handle, locale="nb")
    po["Introduction"].string = "Innledning"
    with po_file.open("wb") as handle:
        write_po(handle, po)
    monkeypatch.setattr(catalog, "LOCALE_DIR", locale)
    assert catalog.check() == [f"{po_file.with_suffix('.mo')}: out of date with vernly.po; "
                               "run `make i18n`"]


def test_an_untranslated_norwegian_string_is_reported(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    locale = tmp_path / "locale"
    for lang in ("nb", "en"):
        folder = locale / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        for suffix in (".po", ".mo"):
            source = catalog.po_path(lang).with_suffix(suffix)
            (folder / source.name).write_bytes(source.read_bytes())
    po_file = locale / "nb" / "LC_MESSAGES" / "vernly.po"
    with po_file.open("rb") as handle:
        po = read_po(handle, locale="nb")
    po["Complaints"].string = ""
    with po_file.open("wb") as handle:
        write_po(handle, po)
    monkeypatch.setattr(catalog, "LOCALE_DIR", locale)
    assert f"{po_file}: 'Complaints' is not translated" in catalog.check()


def test_fixed_strings_come_from_the_compiled_catalogue() -> None:
    assert tr("nb", "Complaints") == "Klage"
    assert tr("en", "Complaints") == "Complaints"
    assert tr("nb", "Last updated: %(date)s", date="1. mai 2025") == "Sist oppdatert: 1. mai 2025"
