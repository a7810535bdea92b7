"""Issue 10: the English notice and records of processing of the example policy carry no
Norwegian: the recipients, the agreement and the controllers the policy names in words have
English names, and nothing is shown marked as the other language."""

from __future__ import annotations

import pytest

from tests.notices.support import text_of
from vernly.notices.render import render_notice
from vernly.notices.ropa import records
from vernly.policy.loader import LoadedPolicy

LEAKED = ["Leasingselskaper", "Budtjenester", "Underdatabehandlere", "Transportfirma",
          "SMS-leverandør", "Bredbånds- og teleoperatører", "Databehandleravtalen",
          "Intilitys kunder", "arbeidsgiveren din", "[nb]"]
"""Norwegian the English notice showed before, and the mark of a text not yet translated."""

ENGLISH = ["Leasing companies (independent controller)", "Courier services",
           "Sub-processors (sub-processor)", "Transport companies (independent controller)",
           "SMS provider (processor)", "Broadband and telecom operators",
           "on behalf of Intility's customers (your employer)",
           "The data processing agreement between Intility and each customer"]


@pytest.mark.parametrize("form", ["html", "md"])
def test_the_english_notice_has_none_of_the_norwegian_it_leaked(example: LoadedPolicy,
                                                                form: str) -> None:
    rendered = render_notice(example, "en", form)
    text = text_of(rendered) if form == "html" else rendered
    assert [word for word in LEAKED if word in text] == []
    for words in ENGLISH:
        assert words in text


def test_the_norwegian_notice_keeps_the_norwegian_names(example: LoadedPolicy) -> None:
    text = text_of(render_notice(example, "nb", "html"))
    for words in ("Leasingselskaper", "Budtjenester", "Underdatabehandlere",
                  "Intilitys kunder (arbeidsgiveren din)"):
        assert words in text


def test_the_english_records_of_processing_have_none_either(example: LoadedPolicy) -> None:
    en = records(example, "en")
    cells = " ".join(str(v) for row in en.controller + en.processor for v in row.values())
    assert [word for word in LEAKED if word in cells] == []
