"""The retention API: operators only (401 without a token, 403 for the wrong role); an
engineer plans and runs sweeps, the DPO places and lifts holds, tasks are confirmed, and
the status shows the promises held after the sweep."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.operators.conftest import FAST_HASHER
from tests.retention.support import KARI, NOW, cctv_file, days, insert_rows, settings, url_of
from tests.retention.support import workspace as make_workspace
from vernly.engine.operators import Operators
from vernly.web.app import create_app

API = "/api/v1/retention"


@pytest.fixture
def client_and_tokens(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    ws, env = make_workspace(tmp_path)
    cctv_file(ws, "inngang", NOW - days(9))
    cctv_file(ws, "inngang", NOW - days(1))
    insert_rows(url_of(ws, env, "visitors"), "school_signups", [
        {"id": 1, "name": KARI["name"], "email": KARI["email"], "signed_up_at": NOW - days(500)},
        {"id": 2, "name": "Per Olsen", "email": "per@skole.no", "signed_up_at": NOW - days(500)},
    ])
    app = create_app(settings(ws, env, NOW, VERNLY_SWEEP_INTERVAL="0"))
    app.state.operators = Operators(app.state.ledger, lambda: NOW, FAST_HASHER)
    tokens = {role: app.state.operators.create(name, role, actor="test")[1]
              for name, role in (("Kari", "dpo"), ("Ola", "engineer"), ("Nora", "viewer"))}
    with TestClient(app) as client:
        yield client, tokens
    app.state.ledger.dispose()


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_api_is_for_operators_with_the_right_role(
        client_and_tokens: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = client_and_tokens
    assert client.get(f"{API}/status").status_code == 401
    assert client.get(f"{API}/status", headers=_auth(tokens["viewer"])).status_code == 200
    assert client.post(f"{API}/sweeps", json={}, headers=_auth(tokens["viewer"])).status_code \
        == 403
    assert client.post(f"{API}/holds", json={"reason": "x", "email": KARI["email"]},
                       headers=_auth(tokens["engineer"])).status_code == 403


def test_a_sweep_hold_and_task_through_the_api(
        client_and_tokens: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = client_and_tokens
    dpo, engineer = _auth(tokens["dpo"]), _auth(tokens["engineer"])
    held = client.post(f"{API}/holds", json={"reason": "Klagesak 7", "email": KARI["email"]},
                       headers=dpo)
    assert held.status_code == 201
    bad = client.post(f"{API}/holds", json={"reason": "x", "dataset": "nowhere.table"},
                      headers=dpo)
    assert bad.status_code == 422 and "unknown dataset" in bad.json()["detail"]

    plan = client.post(f"{API}/sweeps", json={"dry_run": True}, headers=engineer).json()
    signups = next(r for r in plan["rules"]
                   if r["rule"] == "school_visits:0:visitors.school_signups")
    assert (signups["matched"], signups["skipped_hold"], signups["to_act"]) == (2, 1, 1)
    run = client.post(f"{API}/sweeps", json={}, headers=engineer).json()
    assert run["status"] == "succeeded"

    status = client.get(f"{API}/status", headers=engineer).json()
    promise = {p.get("rule"): p for p in status["promises"]}
    assert promise["cctv:0:cctv"]["state"] == "kept"
    assert promise["school_visits:0:visitors.school_signups"]["kept_by_hold"] == 1
    assert promise["school_visits:0:visitors.school_signups"]["holds"] is True

    assert client.post(f"{API}/holds/{held.json()['id']}/lift", headers=dpo).status_code == 200
    assert client.get(f"{API}/holds", headers=engineer).json() == []
    assert client.post(f"{API}/sweeps", json={}, headers=engineer).json()["status"] == \
        "succeeded"
    later = client.get(f"{API}/status", headers=engineer).json()
    assert next(p for p in later["promises"] if p.get("rule") ==
                "school_visits:0:visitors.school_signups")["kept_by_hold"] == 0

    open_tasks = client.get(f"{API}/tasks", headers=engineer).json()
    questback = next(t for t in open_tasks if t["rule"] == "user_surveys:0:questback")
    done = client.post(f"{API}/tasks/{questback['id']}/confirm", json={"note": "sjekket"},
                       headers=engineer).json()
    assert done["state"] == "confirmed"
    runs = client.get(f"{API}/sweeps", headers=engineer).json()
    assert [r["dry_run"] for r in runs] == [False, False, True]
