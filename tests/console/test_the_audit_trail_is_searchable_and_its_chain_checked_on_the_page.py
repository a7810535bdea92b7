"""The audit trail page finds entries by actor, action, request and date, and says whether the
hash chain holds: intact with its count, or broken at the first changed entry."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.console.conftest import HTML, csrf_of, sign_in, submit


def _seqs(page: str) -> list[int]:
    return [int(s) for s in re.findall(r'<tr data-seq="(\d+)"', page)]


def _at(client: TestClient, moment: datetime) -> None:
    app = client.app
    app.state.settings = replace(app.state.settings, now_override=moment)  # type: ignore[attr-defined]


def test_entries_are_found_by_actor_action_request_and_date(client: TestClient,
                                                            tokens: dict[str, str]) -> None:
    _at(client, datetime(2026, 10, 1, 9, tzinfo=UTC))
    kari = submit(client, "access", "kari.nordmann@example.no")
    _at(client, datetime(2026, 10, 5, 9, tzinfo=UTC))
    ola = submit(client, "access", "ola.hansen@example.no")
    sign_in(client, tokens["dpo"])
    page = client.get(f"/console/requests/{ola}", headers=HTML).text
    client.post(f"/console/requests/{ola}/verify", data={"csrf_token": csrf_of(page)})

    everything = client.get("/console/audit", headers=HTML).text
    assert 'id="chain" data-ok="true"' in everything
    all_seqs = _seqs(everything)
    assert all_seqs == sorted(all_seqs, reverse=True) and len(all_seqs) >= 3

    def found(**params: str) -> str:
        response = client.get("/console/audit", params=params, headers=HTML)
        assert response.status_code == 200
        return response.text

    by_request = found(request=kari)
    assert len(_seqs(by_request)) == 1 and "request.received" in by_request
    verified = found(action="request.verified")
    assert len(_seqs(verified)) == 1 and f'href="/console/requests/{ola}"' in verified
    assert len(_seqs(found(action="request."))) == 3  # an action's start finds them all
    actor = re.search(r'<option value="(operator:[^"]+)"', everything)
    assert actor
    by_dpo = found(actor=actor.group(1))
    assert re.findall(r"<code>([^<]+)</code>", by_dpo) == ["request.verified", "operator.login"]
    first_days = found(**{"from": "2026-10-01", "to": "2026-10-02"})
    assert len(_seqs(first_days)) == 1 and kari in first_days
    bad = client.get("/console/audit", params={"from": "1. oktober"}, headers=HTML)
    assert bad.status_code == 422 and "from: " in bad.text


def test_a_changed_entry_shows_the_chain_broken_where_it_was_changed(
        client: TestClient, tokens: dict[str, str]) -> None:
    submit(client, "access", "kari.nordmann@example.no")
    submit(client, "access", "ola.hansen@example.no")
    sign_in(client, tokens["dpo"])
    ledger = client.app.state.ledger  # type: ignore[attr-defined]
    with ledger.session() as session:
        first = session.execute(text("SELECT min(seq) FROM audit_log "
                                     "WHERE action = 'request.received'")).scalar_one()
        session.execute(text("UPDATE audit_log SET actor = 'someone-else' WHERE seq = :s"),
                        {"s": first})
    page = client.get("/console/audit", headers=HTML).text
    assert 'id="chain" data-ok="false"' in page
    assert f"broken at entry {first}: content was changed after it was written" in page
