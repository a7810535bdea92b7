"""Issue 10's bokmål review: the Norwegian notice of the example policy has none of the slips
it had (English words, English capitals and citations, misspellings), and its lists of
personal data read as bokmål lists, in lower case."""

from __future__ import annotations

import re

import pytest

from tests.notices.support import text_of
from vernly.notices.render import render_notice
from vernly.policy.loader import LoadedPolicy

SLIPS = [
    "Session cookie;", "org nr ", "Egenskaper/Informasjon", "Informasjonskapsler (Cookies)",
    "Intility sine", "på ol.", "angitt overfor", "adferd", "art. 7(3)", "12/09/2019",
    "Chief Executive Officer", "Særlige kategorier personopplysninger", "Tlf:",
    "Overvåkningskameraer", "2-3 e-poster",
]
"""Each was in the notice before the review: an English phrase, a capital after a colon or a
slash, an English citation or date, a misspelling ('overfor' for 'ovenfor', 'adferd')."""


@pytest.mark.parametrize("form", ["html", "md"])
def test_the_norwegian_notice_has_none_of_the_slips(example: LoadedPolicy, form: str) -> None:
    rendered = render_notice(example, "nb", form)
    text = text_of(rendered) if form == "html" else rendered
    assert [slip for slip in SLIPS if slip in text] == []


def test_lists_of_personal_data_are_in_lower_case(example: LoadedPolicy) -> None:
    lines = [line for line in render_notice(example, "nb", "md").splitlines()
             if line.startswith("**Personopplysninger:**")]
    assert lines
    for line in lines:
        items = line.removeprefix("**Personopplysninger:** ").split(", ")
        # An abbreviation keeps its capitals ("IP-adresse"); a word does not.
        assert [i for i in items if re.match(r"[A-ZÆØÅ][a-zæøå]", i)] == [], line


def test_articles_are_cited_the_norwegian_way(example: LoadedPolicy) -> None:
    text = text_of(render_notice(example, "nb", "html"))
    assert "Trekke tilbake samtykke (personvernforordningen art. 7 nr. 3)" in text
    assert "Approved" not in text and "12.09.2019" in text
