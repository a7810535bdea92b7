"""An operator whose console is in Norwegian attaches a processor's answer on Norwegian pages:
the form in the request's task row, what was staged and the confirmation, with no English
left and the plural right for one file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.consent.centre_forms import csrf_token
from tests.person.processor import access, console, dpo
from tests.person.reports import NOW
from vernly.connectors.demo.build import DemoSummary, build_demo
from vernly.web.console_lang import COOKIE


@pytest.fixture
def demo(tmp_path: Path) -> DemoSummary:
    return build_demo(tmp_path / "d", 30, NOW, env={})


ENGLISH = ("Files the processor sent", "holds nothing about the person", "Attach and review",
           "Processor answer", "Staged", "Confirming closes", "Confirm and rebuild",
           "bytes", "Confirmed")


def test_the_answer_form_staging_and_confirmation_are_in_norwegian(demo: DemoSummary) -> None:
    started = access(demo)
    [task] = [t for t in started["tasks"] if t["system"] == "questback"]
    settings, token = dpo(demo)
    client = console(settings, token, cookies={COOKIE: "nb"})
    page = client.get(f"/console/requests/{started['id']}").text
    assert "Filer fra databehandleren" in page and "Legg ved og se over" in page
    assert "Databehandleren har ingen opplysninger om personen" in page
    staged = client.post(f"/console/answers/{task['id']}", data={"csrf_token": csrf_token(page)},
                         files={"files": ("svar.txt", b"Ingen svar.\n", "text/plain")})
    assert staged.status_code == 200, staged.text
    assert f"Svar fra databehandler på oppgave {task['id']}" in staged.text
    assert "1 fil fra questback:" in staged.text and "svar.txt (12 byte)" in staged.text
    assert "Bekreft og lag pakken på nytt" in staged.text
    assert not [words for words in ENGLISH if words in staged.text]
    done = client.post(f"/console/answers/{task['id']}/confirm",
                       data={"csrf_token": csrf_token(staged.text)}, follow_redirects=False)
    assert done.status_code == 303
    # Staging again is refused once confirmed; the page then shows the confirmed answer.
    again = client.post(f"/console/answers/{task['id']}", data={"csrf_token": csrf_token(page)},
                        files={"files": ("svar.txt", b"Ingen svar.\n", "text/plain")})
    assert again.status_code == 409
    assert "Bekreftet 15. juni 2026 kl." in again.text
    assert not [words for words in ENGLISH if words in again.text]
