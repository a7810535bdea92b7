"""Retention is built in: `vernly sweep` removes a school-visit sign-up older than 12 months,
and one whose consent was withdrawn, like any other system's data; each consent given is
in the consent ledger under the notice version the form showed."""

from __future__ import annotations

import json
from datetime import timedelta

from typer.testing import CliRunner

from tests.forms.conftest import NOW, Site, at, stored
from tests.requests.conftest import write_cast
from vernly.cli.main import app as cli
from vernly.engine.consent.catalogue import build_catalogue
from vernly.engine.consent.service import records_for, withdraw


def _sign_up(site: Site, name: str, email: str) -> str:
    response = site.client.post("/api/v1/forms/school_visit", json={
        "full_name": name, "email": email, "school": "Kuben videregående skole",
        "consent": True, "lang": "nb"})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _cli(site: Site, *args: str) -> dict[str, object]:
    env = {**site.env, "VERNLY_NOW": NOW.isoformat()}
    result = CliRunner().invoke(cli, [*args, "--json", "-w", str(site.workspace)], env=env)
    assert result.exit_code == 0, result.output
    parsed: dict[str, object] = json.loads(result.stdout)
    return parsed


def test_old_and_withdrawn_sign_ups_are_swept_and_the_rest_stay(site: Site) -> None:
    write_cast(site.workspace)
    (site.workspace / "data" / "cctv").mkdir()
    (site.workspace / "data" / "logs").mkdir()
    (site.workspace / "data" / "logs" / "access.log").touch()
    jonas = _sign_up(at(site, NOW - timedelta(days=400)), "Jonas Lie", "jonas.lie@example.no")
    recent = at(site, NOW - timedelta(days=30))
    emma = _sign_up(recent, "Emma Holm", "emma.holm@example.no")
    nora = _sign_up(recent, "Nora Berg", "nora.berg@example.no")
    rows = {r["id"]: r for r in stored(site.workspace, "school_visits")}
    assert set(rows) == {jonas, emma, nora}
    with site.app.state.ledger.session() as session:
        [record] = records_for(session, "email", "emma.holm@example.no")
        assert record.decisions == {"school_visits": True}
        assert record.notice_version == "2019-09-12"
        assert rows[emma]["consent_record_id"] == record.id

    _cli(site, "request", "withdraw", "--email", "emma.holm@example.no",
         "--activity", "school_visits", "--operator", "Ingrid Berg")
    [marked] = [r for r in stored(site.workspace, "school_visits") if r["consent_withdrawn_at"]]
    assert marked["id"] == emma
    _cli(site, "sweep", "--now", (NOW + timedelta(hours=1)).isoformat())
    assert [r["full_name"] for r in stored(site.workspace, "school_visits")] == ["Nora Berg"]


def test_consent_withdrawn_in_the_consent_ledger_removes_the_sign_up_at_the_next_sweep(
        site: Site) -> None:
    write_cast(site.workspace)
    (site.workspace / "data" / "cctv").mkdir()
    (site.workspace / "data" / "logs").mkdir()
    (site.workspace / "data" / "logs" / "access.log").touch()
    recent = at(site, NOW - timedelta(days=30))
    emma = _sign_up(recent, "Emma Holm", "emma.holm@example.no")
    _sign_up(recent, "Nora Berg", "nora.berg@example.no")
    [row] = [r for r in stored(site.workspace, "school_visits") if r["id"] == emma]
    ledger, policy = site.app.state.ledger, site.app.state.policy.policy
    with ledger.session() as session:  # e.g. the link in an e-mail, or the privacy centre
        withdraw(session, build_catalogue(policy), str(row["consent_record_id"]),
                 method="email", now=NOW - timedelta(days=1), ua_key="k")
    _cli(site, "sweep", "--now", NOW.isoformat())
    assert [r["full_name"] for r in stored(site.workspace, "school_visits")] == ["Nora Berg"]
    _cli(site, "sweep", "--now", (NOW + timedelta(hours=1)).isoformat())  # idempotent
    assert [r["full_name"] for r in stored(site.workspace, "school_visits")] == ["Nora Berg"]
