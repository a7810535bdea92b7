"""The front desk (console): today's visitors, signing one out, and a school's name list
pre-registering pupils and teachers, with each bad line reported and nothing half-stored."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from tests.forms.conftest import SIRI, Site, stored
from vernly.engine.operators import Operators
from vernly.web.auth import service_for

GOOD_LIST = "navn;telefon;rolle\nJonas Lie;412 11 222;elev\nEmma Holm;;elev\nLise Berg;;lærer\n"
BAD_LIST = "name,phone\nJonas Lie,412 11 222\n,\nPer Lunde,12\n,99999999\n"


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def _desk(site: Site, role: str) -> TestClient:
    site.app.state.operators = Operators(site.app.state.ledger, site.app.state.settings.now,
                                         PasswordHasher(time_cost=1, memory_cost=1024,
                                                        parallelism=1))
    _, token = service_for(site.app).create(f"desk-{role}", role, actor="test")
    client = TestClient(site.app)
    form = client.get("/console/login")
    client.post("/console/login", data={"token": token, "csrf_token": _csrf(form.text),
                                        "next": "/console"})
    return client


def _upload(client: TestClient, text: str, school: str = "Kuben videregående skole"
            ) -> object:
    page = client.get("/console/visitors")
    return client.post("/console/visitors/name-list", data={
        "csrf_token": _csrf(page.text), "visit_date": "2026-03-02", "school": school},
        files={"names": ("klasse.csv", text.encode(), "text/csv")})


def test_the_front_desk_sees_a_registration_and_signs_the_visitor_out(site: Site) -> None:
    visit = site.client.post("/api/v1/forms/visitor", json=SIRI).json()["id"]
    desk = _desk(site, "engineer")
    page = desk.get("/console/visitors")
    assert page.status_code == 200
    assert "Siri Dahl" in page.text and "Kari Nordmann" in page.text
    assert "09:30" in page.text  # 08:30 UTC, shown in Oslo time
    done = desk.post(f"/console/visitors/{visit}/sign-out",
                     data={"csrf_token": _csrf(page.text)}, follow_redirects=False)
    assert done.status_code == 303
    [row] = stored(site.workspace, "visits")
    assert row["signed_out_at"] is not None
    again = desk.post(f"/console/visitors/{visit}/sign-out",
                      data={"csrf_token": _csrf(page.text)})
    assert again.status_code == 404


def test_a_viewer_sees_the_list_but_cannot_sign_anyone_out(site: Site) -> None:
    visit = site.client.post("/api/v1/forms/visitor", json=SIRI).json()["id"]
    viewer = _desk(site, "viewer")
    page = viewer.get("/console/visitors")
    assert "Siri Dahl" in page.text and "sign-out" not in page.text
    refused = viewer.post(f"/console/visitors/{visit}/sign-out",
                          data={"csrf_token": _csrf(page.text)})
    assert refused.status_code == 403
    assert stored(site.workspace, "visits")[0]["signed_out_at"] is None


def test_a_name_list_pre_registers_each_pupil_once(site: Site) -> None:
    desk = _desk(site, "dpo")
    first = _upload(desk, GOOD_LIST)
    assert first.status_code == 200  # type: ignore[attr-defined]
    assert "3 added, 0 already" in first.text  # type: ignore[attr-defined]
    second = _upload(desk, GOOD_LIST)
    assert "0 added, 3 already registered" in second.text  # type: ignore[attr-defined]
    rows = stored(site.workspace, "visits")
    assert sorted((r["full_name"], r["phone"], r["school"], str(r["visit_date"]))
                  for r in rows) == [
        ("Emma Holm", None, "Kuben videregående skole", "2026-03-02"),
        ("Jonas Lie", "+4741211222", "Kuben videregående skole", "2026-03-02"),
        ("Lise Berg", None, "Kuben videregående skole", "2026-03-02")]


def test_a_name_list_with_bad_lines_reports_each_and_stores_none(site: Site) -> None:
    desk = _desk(site, "dpo")
    answer = _upload(desk, BAD_LIST)
    assert answer.status_code == 422  # type: ignore[attr-defined]
    assert "line 4: phone: not a valid phone number" in answer.text  # type: ignore[attr-defined]
    assert "line 5: no name" in answer.text  # type: ignore[attr-defined]
    assert "line 3" not in answer.text  # type: ignore[attr-defined]  # blank lines are fine
    assert stored(site.workspace, "visits") == []
    unknown = _upload(desk, "name,personnummer\nJonas Lie,01010112345\n")
    assert "personnummer" in unknown.text  # type: ignore[attr-defined]
    assert "01010112345" not in unknown.text  # type: ignore[attr-defined]
    assert stored(site.workspace, "visits") == []
