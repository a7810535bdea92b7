"""Choices posted at the same time are written together (group commit), and each is stored
exactly once with its own events before it is answered: none lost, none duplicated, and the
audit chain (appended to by an operator's choice in between) still verifies. On SQLite and
PostgreSQL, through the real server."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from tests.consent.support import live_server
from vernly.engine.consent import service
from vernly.engine.consent.catalogue import build_catalogue
from vernly.ledger.audit import verify
from vernly.ledger.consent import ConsentEvent, ConsentRecord

CHOICES = ({"statistics": True, "marketing": True}, {"statistics": False, "marketing": False},
           {"statistics": True, "marketing": False})


def test_two_hundred_concurrent_choices_all_land_once(app: FastAPI) -> None:
    with live_server(app) as base, httpx.Client(base_url=base, timeout=30) as http:

        def post(n: int) -> dict[str, object]:
            answer = http.post("/api/v1/consent", json={"decisions": CHOICES[n % 3]})
            assert answer.status_code == 201, answer.text
            body: dict[str, object] = answer.json()
            return body

        with ThreadPoolExecutor(16) as pool:
            first = list(pool.map(post, range(100)))
            settings = app.state.settings
            with app.state.ledger.session() as session:  # an audited choice in between
                service.record_choice(session, build_catalogue(app.state.policy.policy),
                                      service.Choice(decisions={"statistics": True},
                                                     method="api"),
                                      now=settings.now(), ua_key="k", actor="operator:Kari")
            second = list(pool.map(post, range(100, 200)))
    answers = first + second
    ids = [str(a["record_id"]) for a in answers]
    assert len(set(ids)) == 200
    with app.state.ledger.session() as session:
        stored = set(session.scalars(select(ConsentRecord.id)))
        events = dict(session.execute(select(ConsentEvent.record_id, func.count())
                                      .group_by(ConsentEvent.record_id)).all())
        chain = verify(session)
    assert set(ids) <= stored and len(stored) == 201
    assert all(events[i] == 2 for i in ids)
    assert [len(a["events"]) for a in answers] == [2] * 200  # type: ignore[arg-type]
    assert answers[1]["decisions"] == {"statistics": False, "marketing": False}
    assert chain.ok and chain.entries == 1
