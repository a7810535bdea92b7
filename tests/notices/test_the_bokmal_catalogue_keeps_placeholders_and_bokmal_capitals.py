"""Issue 10's slips in the bokmål catalogue, checked mechanically: every message is written and
keeps its placeholders, and no message capitalises the English way (after a colon that a
fragment follows, after a slash, or every word of a heading)."""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from vernly.notices import catalog

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")
# A capital after ": " is right only when a full sentence follows (Språkrådet); what follows
# here runs to the end of the message without ending a sentence, so it is a fragment.
CAPITAL_BEFORE_FRAGMENT = re.compile(r": (?=[A-ZÆØÅ][a-zæøå])(?![^.!?]*[.!?]\s)(?!.*[.!?]$)")
CAPITAL_AFTER_SLASH = re.compile(r"[a-zæøå]/[A-ZÆØÅ][a-zæøå]")
TWO_CAPITALISED_WORDS = re.compile(r"\b[A-ZÆØÅ][a-zæøå]+ [A-ZÆØÅ][a-zæøå]+")
NAMES = ("Do Not Track", "Global Privacy Control")
"""Names that are written with capitals in bokmål too."""


def _messages() -> list[tuple[str, str]]:
    """(the English msgid, the bokmål msgstr) for every form of every message."""
    with catalog.po_path("nb").open("rb") as handle:
        po = read_po(handle, locale="nb", domain="vernly")
    pairs: list[tuple[str, str]] = []
    for message in po:
        if not message.id:
            continue
        pairs += _forms(message)
    return pairs


def _forms(message: Message) -> list[tuple[str, str]]:
    if isinstance(message.id, str):
        return [(message.id, str(message.string))]
    singular, plural = message.id[0], message.id[1]
    return [(singular if i == 0 else plural, text) for i, text in enumerate(message.string)]


MESSAGES = _messages()


def test_the_catalogue_has_messages_to_check() -> None:
    assert len(MESSAGES) > 700


@pytest.mark.parametrize(("msgid", "msgstr"), MESSAGES, ids=[m for m, _ in MESSAGES])
def test_each_bokmal_message_is_written_and_keeps_its_placeholders(msgid: str,
                                                                    msgstr: str) -> None:
    assert msgstr.strip(), "empty"
    assert sorted(PLACEHOLDER.findall(msgstr)) == sorted(PLACEHOLDER.findall(msgid))


@pytest.mark.parametrize(("msgid", "msgstr"), MESSAGES, ids=[m for m, _ in MESSAGES])
def test_no_bokmal_message_capitalises_the_english_way(msgid: str, msgstr: str) -> None:
    text = PLACEHOLDER.sub("x", msgstr)
    for name in NAMES:
        text = text.replace(name, "x")
    assert not CAPITAL_BEFORE_FRAGMENT.search(text), "capital after a colon before a fragment"
    assert not CAPITAL_AFTER_SLASH.search(text), "capital after a slash"
    assert not TWO_CAPITALISED_WORDS.search(text), "English title case"


@pytest.mark.parametrize("slip", ["Egenskaper/Informasjon som lagres", "Kontakt: Skriv til oss",
                                  "Informasjonskapsler På Nettstedet"])
def test_the_checks_catch_the_slips_they_are_for(slip: str) -> None:
    with pytest.raises(AssertionError):
        test_no_bokmal_message_capitalises_the_english_way("", slip)


@pytest.mark.parametrize("fine", ["Neste forsøk: %(when)s.", "For mange forsøk: prøv igjen.",
                                  "Merk: Dette er en hel setning. Den slutter med punktum.",
                                  "Nettleseren din sender Do Not Track."])
def test_the_checks_let_good_bokmal_pass(fine: str) -> None:
    test_no_bokmal_message_capitalises_the_english_way("", fine)
