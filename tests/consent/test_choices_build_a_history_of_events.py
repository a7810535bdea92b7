"""Each change becomes an event (given, refused, withdrawn); a repeated choice writes nothing;
per-service refusals inside a given category are kept apart."""

from __future__ import annotations

from fastapi.testclient import TestClient


def _events(client: TestClient, record_id: str) -> list[tuple[str, str, str | None]]:
    history = client.get(f"/api/v1/consent/{record_id}").json()["history"]
    return [(e["event"], e["purpose"], e["service"]) for e in history]


def test_give_repeat_and_withdraw_makes_exactly_three_events(client: TestClient) -> None:
    first = client.post("/api/v1/consent",
                        json={"decisions": {"statistics": True, "marketing": False}}).json()
    rid = first["record_id"]
    repeat = client.post("/api/v1/consent", json={
        "record_id": rid, "decisions": {"statistics": True, "marketing": False}}).json()
    withdraw = client.post(f"/api/v1/consent/{rid}/withdraw").json()

    assert repeat["changed"] is False and repeat["events"] == []
    assert withdraw["decisions"] == {"statistics": False, "marketing": False}
    assert _events(client, rid) == [("refused", "marketing", None),
                                    ("given", "statistics", None),
                                    ("withdrawn", "statistics", None)]


def test_a_refused_service_inside_a_given_category_is_recorded(client: TestClient) -> None:
    sent = client.post("/api/v1/consent", json={
        "decisions": {"statistics": True, "marketing": False},
        "services": {"google_tag_manager": False}}).json()
    state = client.get(f"/api/v1/consent/{sent['record_id']}").json()

    assert state["services"] == {"google_tag_manager": False}
    assert state["state"]["statistics"]["services_refused"] == ["google_tag_manager"]
    assert ("refused", "statistics", "google_tag_manager") in _events(client,
                                                                     sent["record_id"])


def test_an_unknown_category_is_a_clear_422_and_nothing_is_written(client: TestClient) -> None:
    response = client.post("/api/v1/consent", json={"decisions": {"profiling": True}})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("decisions.profiling:")


def test_an_unknown_record_id_is_404(client: TestClient) -> None:
    response = client.get("/api/v1/consent/0b7f2a4e-3c51-4a8e-9d7e-2f1c5b9a8e31")
    assert response.status_code == 404
