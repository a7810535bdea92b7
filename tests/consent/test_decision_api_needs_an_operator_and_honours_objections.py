"""Other systems ask `GET /api/v1/decision` with an operator token; the answer comes from the
ledger, and an objection to direct marketing turns a recorded consent into a no."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient

from vernly.connectors.identity import Identity
from vernly.engine.requests import flags
from vernly.web.auth import service_for

KARI = "kari.nordmann@example.no"


def _token(app: FastAPI, name: str, role: str) -> dict[str, str]:
    _, token = service_for(app).create(name, role, actor="test")
    return {"Authorization": f"Bearer {token}"}


def test_decision_needs_an_operator(sqlite_client: TestClient) -> None:
    response = sqlite_client.get("/api/v1/decision",
                                 params={"subject": KARI, "purpose": "marketing"})
    assert response.status_code == 401


def test_consent_recorded_by_a_system_then_objected_to(app: FastAPI,
                                                        client: TestClient) -> None:
    engineer = _token(app, "Ola Hansen", "engineer")
    viewer = _token(app, "Kari Nordmann", "viewer")
    recorded = client.post("/api/v1/consent/verified", headers=engineer, json={
        "email": "Kari.Nordmann@Example.no", "method": "form",
        "decisions": {"courses_seminars": True, "marketing": True}})
    assert recorded.status_code == 201
    record_id = recorded.json()["record_id"]
    assert client.post("/api/v1/consent/verified", headers=viewer, json={
        "email": KARI, "decisions": {"marketing": True}}).status_code == 403

    ask = {"subject": KARI, "purpose": "sales_marketing"}
    yes = client.get("/api/v1/decision", headers=viewer, params=ask).json()
    assert (yes["allowed"], yes["reason"], yes["record_id"]) == (True, "consent", record_id)

    with app.state.ledger.session() as session:
        flags.set_flag(session, kind=flags.OBJECTION, identity=Identity.of(email=KARI),
                       scope=[flags.MARKETING], at=datetime.now(UTC), request_id=None)
    no = client.get("/api/v1/decision", headers=viewer, params=ask).json()
    assert (no["allowed"], no["reason"]) == (False, "objection")
    courses = client.get("/api/v1/decision", headers=viewer,
                         params={"subject": KARI, "purpose": "courses_seminars"}).json()
    assert courses["allowed"] is True


def test_a_verified_record_is_not_public(sqlite_app: FastAPI, sqlite_client: TestClient) -> None:
    app, client = sqlite_app, sqlite_client
    engineer = _token(app, "Ola Hansen", "engineer")
    record_id = client.post("/api/v1/consent/verified", headers=engineer, json={
        "email": KARI, "decisions": {"school_visits": True}}).json()["record_id"]

    assert client.get(f"/api/v1/consent/{record_id}").status_code == 403
    assert client.get(f"/api/v1/consent/{record_id}/receipt").status_code == 403
    full = client.get(f"/api/v1/consent/verified/{record_id}", headers=engineer).json()
    assert full["subject_id"] == KARI
    receipt = client.get(f"/api/v1/consent/verified/{record_id}/receipt",
                         headers=engineer).json()
    assert receipt["pii_principal_id"] == KARI
    withdrawn = client.post(f"/api/v1/consent/verified/{record_id}/withdraw",
                            headers=engineer).json()
    assert [(e["event"], e["purpose"], e["method"]) for e in withdrawn["events"]] == [
        ("withdrawn", "school_visits", "email")]


def test_an_unknown_purpose_is_a_clear_422(sqlite_app: FastAPI,
                                           sqlite_client: TestClient) -> None:
    app, client = sqlite_app, sqlite_client
    viewer = _token(app, "Kari Nordmann", "viewer")
    response = client.get("/api/v1/decision", headers=viewer,
                          params={"subject": KARI, "purpose": "profiling"})
    assert response.status_code == 422
    assert "profiling" in response.json()["detail"]
