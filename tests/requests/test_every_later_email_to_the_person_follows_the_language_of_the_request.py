"""Every e-mail a request sends the person after its code (the extension, the completion,
the restriction being lifted) is written in the language the person used first, with the
subject in that language first and the status link to the page in that language."""

from __future__ import annotations

from tests.connectors.cast import KARI_EMAIL
from tests.requests.desk import Desk
from tests.support.mailbox import Mailbox, text_of
from vernly.engine.requests import links, service
from vernly.notices.access_report import render


def test_an_english_request_is_answered_in_english_first(desk: Desk, mailbox: Mailbox) -> None:
    made = service.submit(*desk.args, "restriction", KARI_EMAIL, channel="web", language="en")
    service.extend(*desk.args, made.id, 1, "Many systems to check", "operator:Ingrid Berg")
    service.verify_by_operator(*desk.args, made.id, "operator:Ingrid Berg")
    done = service.run(*desk.args, made.id, "operator:Ingrid Berg", renderer=render)
    assert done.state == "completed" and done.language == "en"
    service.lift(*desk.later(days=3).args, made.id, "operator:Ingrid Berg")

    extended, completed, lifted = mailbox.to(KARI_EMAIL)
    assert extended["Subject"] == f"Extended deadline / forlenget svarfrist: {made.id}"
    assert text_of(extended).startswith("Hello,\n\nWe need more time to handle your request")
    assert completed["Subject"].startswith("Your request is complete / forespørselen din")
    body = text_of(completed)
    assert body.startswith("Hello,\n\nWe have carried out your request for restriction")
    english_page = links.status_links(desk.settings, made.id)["en"]
    assert body.count(english_page) == 2 and "/personvern/status/" not in body
    assert lifted["Subject"].startswith("Restriction will be lifted / ")
    assert text_of(lifted).startswith("Hello,\n\nThe restriction of processing")


def test_without_a_language_the_policy_s_first_language_leads(desk: Desk,
                                                               mailbox: Mailbox) -> None:
    made = service.submit(*desk.args, "access", KARI_EMAIL, channel="cli",
                          actor="operator:Ingrid Berg")
    assert made.language == "nb"
    service.extend(*desk.args, made.id, 2, "Mange systemer", "operator:Ingrid Berg")
    [extended] = mailbox.to(KARI_EMAIL)
    assert text_of(extended).startswith("Hei,\n\n")
