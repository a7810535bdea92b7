"""The English notice carries the same facts, in the policy's English text and vernly's words."""

from __future__ import annotations

import pytest

from tests.notices.support import headings, tables, text_of
from vernly.notices.render import render_notice
from vernly.policy.loader import load_example

FACTS_EN = [
    "Privacy notice", "Last updated: 12 September 2019", "org. no. 981 967 070",
    "privacy@intility.no", "Schweigaards gate 39, 0191 Oslo", "Phone: +47 24 10 33 00",
    "This privacy notice is updated continuously.", "Prevent loss of data and misuse",
    '"Do Not Track" (DNT)', "five years", "bokføringsloven § 13",
    "WebMercs (Data Design AS) (processor, Norway)",
    "Transport companies (independent controller)", "Recordings are deleted after 7 days.",
    "The data is deleted after 12 months.",
    "The personal data is stored with Questback AS for 24 months before automatic deletion.",
    "the easiest way is to send an e-mail to privacy@intility.no",
    "entrance door, airlock, reception, the facade by the loading ramp, the garage entrance and "
    "inside the garage", "Access to your personal data (GDPR Art. 15)",
    "Data portability (GDPR Art. 20)", "Withdrawing consent (GDPR Art. 7(3))",
    "complain to Datatilsynet", "www.datatilsynet.no", "anonymised within seven days",
    "deleted within 90 days", "Google Tag Manager", "Intility does not sell",
    "Approved by Andreas Hisdal, 12/09/2019 Chief Executive Officer Intility AS",
    "_ga", "_gid", "_gat", ".wmx", "Questback",
]
SECTIONS_EN = [
    "1.1 Introduction", "1.2 Goals of our privacy work", "1.3 Use of our websites",
    "1.4 Processing of other personal data", "1.5 Who we share personal data with",
    "1.6 Your rights", "1.7 How we protect your personal data", "1.8 Storage of personal data",
    "1.9 Complaints", "Cookies", "Browser", "Statistics and analysis",
    "Sharing of your information", "Deleting cookies", "Approved by",
]


@pytest.fixture(scope="module")
def en_html() -> str:
    return render_notice(load_example(), "en", "html")


@pytest.mark.parametrize("fact", FACTS_EN)
def test_the_english_notice_states_the_fact(en_html: str, fact: str) -> None:
    assert fact in text_of(en_html)


def test_the_english_sections_are_the_norwegian_ones_in_the_same_order(en_html: str) -> None:
    found = headings(en_html, "h2")
    positions = [found.index(s) for s in SECTIONS_EN]
    assert positions == sorted(positions)
    assert '<html lang="en">' in en_html


def test_the_english_cookie_table_gives_lifetimes_in_english(en_html: str) -> None:
    rows = next(t for t in tables(en_html) if t[0][0] == "Cookie")
    assert [(r[0], r[4], r[5]) for r in rows if len(r) == 6][1:] == [
        ("_ga", "Google Analytics", "2 years"), ("_gat", "Google Analytics", "10 min"),
        ("_gid", "Google Analytics", "24 hours"), (".wmx", "WebMercs (Data Design AS)", "14 days"),
    ]
    assert ["All our websites"] in rows and ["Intility Webshop"] in rows


def test_no_norwegian_fixed_words_leak_into_the_english_notice(en_html: str) -> None:
    text = text_of(en_html)
    for word in ("Lagringstid", "Formål", "Mottakere", "Sist oppdatert", "Godkjent av"):
        assert word not in text
