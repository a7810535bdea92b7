"""A request with `Sec-GPC: 1` is never recorded as consent to marketing: the ledger shows a
refusal with method gpc, while a first-party category the person ticked is kept."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_accept_all_with_the_gpc_header_is_stored_as_a_gpc_refusal_of_marketing(
        client: TestClient) -> None:
    sent = client.post("/api/v1/consent", headers={"Sec-GPC": "1"},
                       json={"decisions": {"statistics": True, "marketing": True}})
    assert sent.status_code == 201
    record_id = sent.json()["record_id"]

    ledger = client.get(f"/api/v1/consent/{record_id}").json()

    assert ledger["decisions"] == {"statistics": True, "marketing": False}
    assert ledger["state"]["marketing"]["status"] == "refused"
    assert ledger["state"]["marketing"]["method"] == "gpc"
    marketing = [e for e in ledger["history"] if e["purpose"] == "marketing"]
    assert [(e["event"], e["method"], e["detail"]) for e in marketing] == [
        ("refused", "gpc", {"signal": "Sec-GPC"})]


def test_without_the_header_the_same_choice_is_consent(client: TestClient) -> None:
    sent = client.post("/api/v1/consent",
                       json={"decisions": {"statistics": True, "marketing": True}})
    ledger = client.get(f"/api/v1/consent/{sent.json()['record_id']}").json()
    assert ledger["state"]["marketing"] == {"status": "given", "method": "banner",
                                            "since": ledger["updated_at"],
                                            "services_refused": []}


def test_earlier_marketing_consent_is_withdrawn_when_gpc_arrives(client: TestClient) -> None:
    first = client.post("/api/v1/consent",
                        json={"decisions": {"statistics": True, "marketing": True}}).json()
    again = client.post("/api/v1/consent", headers={"Sec-GPC": "1"},
                        json={"record_id": first["record_id"],
                              "decisions": {"statistics": True, "marketing": True}})
    assert again.status_code == 200
    events = [(e["event"], e["purpose"], e["method"]) for e in again.json()["events"]]
    assert events == [("withdrawn", "marketing", "gpc")]


def test_a_gpc_signal_from_the_banner_cannot_carry_consent(sqlite_client: TestClient) -> None:
    sent = sqlite_client.post("/api/v1/consent",
                       json={"decisions": {"statistics": True}, "method": "gpc"})
    assert sent.status_code == 422
    assert "can only refuse" in sent.json()["detail"]
