"""The console's menu links to the users page only for the DPO and the auditor; a viewer who
types its address is refused."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.accounts.conftest import CAST, HTML, sign_in


def test_the_menu_shows_users_to_the_dpo_and_the_auditor_only(app_client: TestClient,
                                                              cast: dict[str, int]) -> None:
    for role, shown in (("dpo", True), ("auditor", True), ("engineer", False),
                        ("viewer", False)):
        app_client.cookies.clear()
        sign_in(app_client, CAST[role])
        page = app_client.get("/console", headers=HTML)
        assert ('href="/console/users"' in page.text) is shown, role
        assert (app_client.get("/console/users").status_code == 200) is shown, role
