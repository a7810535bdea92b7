"""The inbox exports what it shows as CSV; a cell that starts like a formula (=, +, -, @) is
written with an apostrophe in front, and the export is in the audit log without the text
searched for."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.console.conftest import sign_in, submit
from vernly.ledger.audit import AuditEntry


def test_the_export_neutralises_formulas_and_is_audited(client: TestClient,
                                                        tokens: dict[str, str]) -> None:
    kari = submit(client, "access", "kari.nordmann@example.no", "+4791234567")
    formula = submit(client, "access", "=hyperlink@example.no")
    sign_in(client, tokens["viewer"])
    response = client.get("/console/requests/export.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == {kari, formula}
    assert by_id[kari]["phone"] == "'+4791234567"
    assert by_id[kari]["email"] == "kari.nordmann@example.no"
    assert by_id[formula]["email"] == "'=hyperlink@example.no"
    assert by_id[kari]["days_left"].lstrip("-").isdigit()
    assert not any(cell.startswith(("=", "+", "-", "@")) and not cell.lstrip("-").isdigit()
                   for r in rows for cell in r.values())

    only_kari = client.get("/console/requests/export.csv", params={"q": "kari"})
    assert [r["id"] for r in csv.DictReader(io.StringIO(only_kari.text))] == [kari]
    with client.app.state.ledger.session() as session:  # type: ignore[attr-defined]
        entries = session.execute(select(AuditEntry).where(
            AuditEntry.action == "requests.export").order_by(AuditEntry.seq)).scalars().all()
        assert [e.counts for e in entries] == [{"requests": 2}, {"requests": 1}]
        assert all("kari" not in str(e.detail) for e in entries)
