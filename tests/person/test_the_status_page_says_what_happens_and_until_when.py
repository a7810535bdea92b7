"""Each state of a request has one message on the status page: what is happening, what we
wait for and until when, with dates in Norwegian and Oslo time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from vernly.engine.requests.views import RequestView, TaskView
from vernly.policy.loader import load_example
from vernly.web.status_text import status_text

RECEIVED = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
BASE = RequestView(
    id="dsr-kari", kind="access", state="received", channel="web", received_at=RECEIVED,
    deadline_at=datetime(2026, 7, 15, 23, 30, tzinfo=UTC), overdue=False, extended_months=0,
    extension_reason=None, verified_at=None, verified_by=None, completed_at=None,
    rejected_reason=None, email="kari@example.no", phone=None, result={}, package_path=None)
QUESTBACK = TaskView("task-1", "questback", "access", "Questback AS, via Intility kundeservice",
                     "", datetime(2026, 6, 29, 12, 0, tzinfo=UTC), None, None)
VERIFIED = replace(BASE, state="in_progress", verified_at=RECEIVED)
STATES = {
    "received": BASE,
    "working": VERIFIED,
    "retrying": replace(VERIFIED, waiting_on=["webshop"],
                        next_attempt_at=datetime(2026, 6, 15, 12, 5, tzinfo=UTC)),
    "waiting": replace(VERIFIED, tasks=[QUESTBACK], package_path="/p.zip"),
    "ready": replace(VERIFIED, state="completed", package_path="/p.zip"),
    "done": replace(VERIFIED, kind="erasure", state="completed"),
    "rejected": replace(BASE, state="rejected",
                        rejected_reason="too many wrong verification codes"),
}


def test_every_state_has_its_own_message() -> None:
    policy = load_example().policy
    said = {name: status_text(view, policy, "nb") for name, view in STATES.items()}
    assert {name: text.state for name, text in said.items()} == {n: n for n in STATES}
    messages = [(t.headline, tuple(t.lines)) for t in said.values()]
    assert len(set(messages)) == len(messages)


def test_the_person_is_told_what_we_wait_for_and_until_when() -> None:
    policy = load_example().policy
    waiting = status_text(STATES["waiting"], policy, "nb")
    assert waiting.headline == "Vi venter på svar fra en databehandler"
    assert ("Questback AS har noen av opplysningene dine på våre vegne og er bedt om å svare "
            "innen 29. juni 2026.") in waiting.lines
    # 23:30 UTC on 15 July is already 16 July in Oslo.
    assert any("senest 16. juli 2026" in line for line in waiting.lines)
    retrying = status_text(STATES["retrying"], policy, "nb")
    assert "Neste forsøk: 15. juni 2026 14:05." in retrying.lines
    received = status_text(STATES["received"], policy, "nb")
    assert any("innen 15 minutter" in line for line in received.lines)


def test_an_engine_reason_is_put_in_words_for_the_person() -> None:
    rejected = status_text(STATES["rejected"], load_example().policy, "en")
    assert rejected.lines == ["Reason: The code was entered wrong too many times. Send the "
                              "request again to get a new code."]
