"""The audit trail tells who did what across every request: the DPO and the auditor read it
(the role matrix), the engineer and the viewer are refused and not shown the link."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.accounts.conftest import CAST, HTML, sign_in


def test_the_audit_trail_opens_for_the_dpo_and_the_auditor_only(app_client: TestClient,
                                                               cast: dict[str, int]) -> None:
    for role, may_read in (("dpo", True), ("auditor", True), ("engineer", False),
                           ("viewer", False)):
        app_client.cookies.clear()
        sign_in(app_client, CAST[role])
        menu = app_client.get("/console", headers=HTML)
        assert ('href="/console/audit"' in menu.text) is may_read, role
        page = app_client.get("/console/audit", headers=HTML)
        assert page.status_code == (200 if may_read else 403), role
        assert ('id="chain"' in page.text) is may_read, role
