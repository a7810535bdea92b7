"""A record's receipt carries the ISO/IEC TS 27560 fields, never the raw user agent, and
its signature breaks when anything in it is changed."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from vernly.engine.consent.receipt import verify_receipt

FIELDS = {"schema_version", "record_id", "pii_principal_id", "pii_controllers", "jurisdiction",
          "language", "notice", "collection_method", "purposes", "events",
          "withdrawal_method", "signature"}


def test_receipt_fields_and_signature(app: FastAPI, client: TestClient) -> None:
    rid = client.post("/api/v1/consent", headers={"User-Agent": "Kari Nordmann's Firefox"},
                      json={"decisions": {"statistics": True, "marketing": False},
                            "language": "en"}).json()["record_id"]

    receipt = client.get(f"/api/v1/consent/{rid}/receipt").json()

    assert set(receipt) >= FIELDS
    assert receipt["record_id"] == rid
    assert receipt["pii_principal_id"] == f"urn:vernly:browser:{rid}"
    assert receipt["pii_controllers"][0]["name"] == "Intility AS"
    assert receipt["jurisdiction"] == "NO"
    assert receipt["notice"]["version"] == "2019-09-12"
    purposes = {p["purpose_id"]: p for p in receipt["purposes"]}
    assert purposes["statistics"]["state"] == "given"
    assert purposes["statistics"]["lawful_basis"] == "dpv:Consent"
    assert "Google Analytics" in purposes["statistics"]["services"]
    assert purposes["marketing"]["state"] == "refused"
    assert {(e["event_state"], e["purpose_id"]) for e in receipt["events"]} == {
        ("given", "statistics"), ("refused", "marketing")}
    assert "Firefox" not in str(receipt)

    key = app.state.settings.secret_key
    assert verify_receipt(receipt, key)
    receipt["purposes"][0]["state"] = "given" if receipt["purposes"][0]["state"] != "given" \
        else "refused"
    assert not verify_receipt(receipt, key)


def test_user_agent_is_stored_only_as_a_keyed_hash(app: FastAPI, client: TestClient) -> None:
    from vernly.ledger.consent import ConsentRecord

    rid = client.post("/api/v1/consent", headers={"User-Agent": "Ola Hansen's Chromium"},
                      json={"decisions": {"statistics": False}}).json()["record_id"]
    with app.state.ledger.session() as session:
        record = session.get(ConsentRecord, rid)
        assert record is not None
        assert record.user_agent_hash and len(record.user_agent_hash) == 64
        assert "Chromium" not in str(record.__dict__)
