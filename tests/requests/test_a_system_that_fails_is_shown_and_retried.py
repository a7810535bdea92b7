"""An access request while one system cannot be reached: the systems that answer are
collected and recorded, the failed system's step holds the error (its class and vernly's
own words), its time and the attempts, and `vernly request show`, `vernly request list`,
the JSON API and the console show it with the next retry. No package is made while a
system is missing. Once the system is back, the retry makes the package with exactly the
rows hand-written SQL finds, without creating the manual task again."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.connectors.cast import KARI_EMAIL, KARI_PHONE
from tests.requests.desk import Desk
from tests.requests.support import audit_rows, personal_in, put_back, unreachable
from tests.requests.test_access_package_holds_every_row_of_the_person import by_hand
from tests.support.packages import open_package
from vernly.cli.main import app as cli
from vernly.engine.operators import Operators
from vernly.engine.requests import answers, service
from vernly.engine.requests.retries import retry_due
from vernly.notices.access_report import render
from vernly.web.app import create_app

HTML = {"Accept": "text/html"}


def vernly(desk: Desk, *args: str) -> str:
    env = dict(desk.settings.env) | {"VERNLY_NOW": desk.now.isoformat()}
    result = CliRunner().invoke(cli, [*args, "-w", str(desk.settings.workspace)], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def web(desk: Desk, *paths: str) -> list[Any]:
    """The operator's API answer (JSON) or console page (HTML) for each path."""
    settings = replace(desk.settings, request_retry_interval_seconds=0,
                       sweep_interval_seconds=0)
    _, token = Operators(desk.ledger, desk.settings.now).create("Ingrid Berg", "dpo",
                                                                actor="test")
    auth = {"Authorization": f"Bearer {token}"}
    answers: list[Any] = []
    with TestClient(create_app(settings)) as client:
        for path in paths:
            got = client.get(path, headers=auth | (HTML if path.startswith("/console") else {}))
            assert got.status_code == 200, got.text
            answers.append(got.json() if path.startswith("/api") else got.text)
        client.app.state.ledger.dispose()  # type: ignore[attr-defined]
    return answers


def test_an_access_request_waits_for_the_missing_system_and_its_retry_completes_it(
        cast_desk: Desk) -> None:
    desk = cast_desk
    ws = desk.settings.workspace
    with unreachable(ws, "cases") as cases_file:
        first = desk.operator_run("access", KARI_EMAIL, KARI_PHONE)
        request_id = first.id
        assert first.state == "in_progress" and first.package_path is None
        assert not (ws / ".vernly" / "packages" / f"{request_id}.zip").exists()
        assert first.waiting_on == ["cases"]
        assert first.next_attempt_at == desk.now + timedelta(minutes=1)
        steps = {s.system_id: s for s in first.steps}
        failed = steps["cases"]
        assert failed.status == "failed" and failed.attempts == 1
        assert failed.error_at == desk.now
        assert failed.error == (f"ConfigurationError: system 'cases': database file "
                                f"{cases_file} does not exist")
        # What could be collected was, and is recorded (counts only).
        assert steps["webshop"].status == "done"
        assert steps["webshop"].counts == {"customers": 1, "orders": 3, "order_lines": 4,
                                           "shipments": 2}
        assert first.result["failed"] == {"cases": failed.error}

        _is_shown_everywhere(desk, request_id, failed.error)

        # Not due yet: nothing runs.
        assert retry_due(desk.ledger, desk.later(seconds=59).settings, desk.loaded,
                         render) == []
        # Due, still missing: a second failed attempt, and the next delay of the backoff.
        later = desk.later(minutes=1)
        [retried] = retry_due(later.ledger, later.settings, later.loaded, render)
        assert (retried.state, retried.failed) == ("in_progress", ["cases"])
        again = service.get(*later.args, request_id)
        assert again.next_attempt_at == later.now + timedelta(minutes=5)
        assert {s.system_id: s.attempts for s in again.steps}["cases"] == 2
        put_back(cases_file)

    back = desk.later(minutes=6)
    [retried] = retry_due(back.ledger, back.settings, back.loaded, render)
    assert retried.failed == []
    done = service.get(*back.args, request_id)
    assert done.package_path and done.waiting_on == [] and done.next_attempt_at is None
    assert vernly(back, "request", "list", "--waiting") == "no requests\n"
    data = json.loads(open_package(done.package_path, desk.settings).read("data.json"))
    found = {system: {table: {r["key"] for r in t["records"]}
                      for table, t in entry["tables"].items()}
             for system, entry in data["systems"].items() if entry["tables"]}
    assert found == by_hand(ws, KARI_EMAIL, KARI_PHONE)
    assert found["cases"]["returns"] == {1}
    steps = {s.system_id: s for s in done.steps}
    assert steps["cases"].status == "done" and steps["cases"].attempts == 3
    assert steps["cases"].error_at == desk.later(minutes=1).now  # the last error, kept
    # The processor's task was created by the first run and not again.
    assert [t.system_id for t in done.tasks] == ["questback"]
    assert done.state == "in_progress"  # until the processor has answered
    answers.stage(back.ledger, back.settings, done.tasks[0].id, [], True,
                  "operator:Ingrid Berg")
    completed = answers.confirm(*back.args, done.tasks[0].id, "operator:Ingrid Berg",
                                renderer=render)
    assert completed.state == "completed"

    entries = audit_rows(desk.ledger, request_id)
    failures = [e for e in entries if e.action == "request.step_failed"]
    assert [(e.system, e.detail, e.counts) for e in failures] == [
        ("cases", {"phase": "collect", "error": "ConfigurationError"}, {"attempt": n})
        for n in (1, 2)]
    waiting = [e.detail for e in entries if e.action == "request.waiting"]
    assert waiting[0]["next_attempt_at"] == (desk.now + timedelta(minutes=1)).isoformat()
    assert waiting[0]["failed"] == ["cases"] and waiting[0]["retry"] == 1
    assert not personal_in(json.dumps([[e.action, e.system, e.counts, e.detail]
                                       for e in entries], default=str))


def _is_shown_everywhere(desk: Desk, request_id: str, error: str) -> None:
    shown = vernly(desk, "request", "show", request_id)
    assert "waiting on cases; next attempt 2026-01-31 09:01 UTC (failed runs 1)" in shown
    assert (f"step collect/cases: failed (attempts 1) — error at 2026-01-31 09:00 UTC: "
            f"{error}") in shown
    assert "step collect/webshop: done (attempts 1)\n" in shown
    as_json = json.loads(vernly(desk, "request", "show", request_id, "--json"))
    assert as_json["waiting_on"] == ["cases"]
    assert as_json["next_attempt_at"].startswith("2026-01-31 09:01:00")
    [step] = [s for s in as_json["steps"] if s["system_id"] == "cases"]
    assert (step["status"], step["attempts"], step["error"]) == ("failed", 1, error)
    assert step["error_at"].startswith("2026-01-31 09:00:00")
    listed = vernly(desk, "request", "list")
    assert re.search(rf"{request_id} .* WAITING: waiting on cases; next attempt "
                     r"2026-01-31 09:01 UTC", listed)
    assert request_id in vernly(desk, "request", "list", "--waiting")

    api, page, listing, waiting = web(desk, f"/api/v1/requests/{request_id}",
                                      f"/console/requests/{request_id}", "/console/requests",
                                      "/api/v1/requests?waiting=true")
    assert [r["id"] for r in waiting] == [request_id]
    assert api["waiting_on"] == ["cases"] and api["failed_runs"] == 1
    assert api["next_attempt_at"].startswith("2026-01-31T09:01:00")
    [step] = [s for s in api["steps"] if s["system_id"] == "cases"]
    assert (step["status"], step["attempts"], step["error"]) == ("failed", 1, error)
    assert step["error_at"].startswith("2026-01-31T09:00:00")
    # The console shows times in the controller's zone (Oslo: UTC+1 in January).
    assert 'id="waiting"' in page and "Waiting on cases" in page
    assert "Next attempt 31 Jan 2026, 10:01, after 1 failed run." in page
    assert "No package is made until every system has answered." in page
    row = re.search(r'<tr id="step-collect-cases" data-status="failed">.*?</tr>', page, re.S)
    assert row and "31 Jan 2026, 10:00" in row.group(0)
    assert error.replace("'", "&#39;") in row.group(0)
    assert "waiting on cases" in listing
