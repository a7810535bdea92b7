"""An access request that reaches Questback (a processor without a connection) completes
only when its answer is in: confirming the task alone is refused; the operator attaches the
file Questback sent (CLI) or records that it holds nothing (API, staged then confirmed), and
the rebuilt package carries the file and a report that says what Questback answered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.person.processor import access, dpo, env, vernly
from tests.person.reports import NOW
from tests.support.packages import open_package
from vernly.connectors.demo.build import DemoSummary, build_demo
from vernly.web.app import create_app

ANSWER = "respondent;survey;answer\nKari;Kundetilfredshet 2026;Svært fornøyd\n"


@pytest.fixture
def demo(tmp_path: Path) -> DemoSummary:
    return build_demo(tmp_path / "d", 30, NOW, env={})


def test_the_file_questback_sent_is_in_the_package_and_the_report(demo: DemoSummary,
                                                                  tmp_path: Path) -> None:
    started = access(demo)
    [task] = [t for t in started["tasks"] if t["system"] == "questback"]
    refused = vernly(demo, "request", "task-done", task["id"])
    assert refused.exit_code == 1
    assert "attach what the processor sent" in refused.output
    sent = tmp_path / "questback-svar.csv"
    sent.write_text(ANSWER, encoding="utf-8")
    done = vernly(demo, "request", "answer", task["id"], "--file", str(sent), "--yes",
                  "--json")
    assert done.exit_code == 0, done.output
    summary = json.loads(done.stdout)
    assert summary["state"] == "completed"
    package = open_package(summary["package"], Path(demo.workspace), env(demo))
    assert package.read("processor/questback/questback-svar.csv").decode() == ANSWER
    data = json.loads(package.read("data.json"))
    assert data["systems"]["questback"]["processor_answer"]["files"] == [
        "processor/questback/questback-svar.csv"]
    nb = package.read("report.nb.html").decode()
    assert ("Vi spurte Questback AS, som svarte 15. juni 2026 med 1 fil; den ligger i mappen "
            "processor/questback i denne pakken.") in nb


def test_holds_nothing_is_staged_then_confirmed_through_the_api(demo: DemoSummary) -> None:
    started = access(demo)
    [task] = [t for t in started["tasks"] if t["system"] == "questback"]
    settings, token = dpo(demo)
    client = TestClient(create_app(settings))
    auth = {"Authorization": f"Bearer {token}"}
    nothing = client.post(f"/api/v1/requests/tasks/{task['id']}/answer", headers=auth)
    assert nothing.status_code == 422  # neither files nor holds_nothing
    staged = client.post(f"/api/v1/requests/tasks/{task['id']}/answer", headers=auth,
                         data={"holds_nothing": "true"})
    assert staged.status_code == 201 and staged.json()["confirmed"] is False
    still = client.get(f"/api/v1/requests/{started['id']}", headers=auth).json()
    assert still["state"] == "in_progress"
    confirmed = client.post(f"/api/v1/requests/tasks/{task['id']}/answer/confirm",
                            headers=auth)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["state"] == "completed"
    nb = open_package(confirmed.json()["package_path"], settings).read("report.nb.html").decode()
    assert "Vi spurte Questback AS, som svarte 15. juni 2026 at de ikke har noen " in nb
