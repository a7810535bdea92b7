"""On the console's request page an operator attaches the file Questback sent to the access
task, sees what was staged, and only the confirmation completes the request."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.consent.centre_forms import csrf_token
from tests.person.processor import access, console, dpo
from tests.person.reports import NOW
from tests.support.packages import open_package
from vernly.connectors.demo.build import DemoSummary, build_demo


@pytest.fixture
def demo(tmp_path: Path) -> DemoSummary:
    return build_demo(tmp_path / "d", 30, NOW, env={})


ANSWER = b"Ingen svar registrert.\n" * 50_000
"""About 1.1 MB: more than other bodies may be (256 KiB), as a processor's export often is."""


def test_staged_then_confirmed_on_the_console(demo: DemoSummary) -> None:
    started = access(demo)
    [task] = [t for t in started["tasks"] if t["system"] == "questback"]
    settings, token = dpo(demo)
    client = console(settings, token)
    page = client.get(f"/console/requests/{started['id']}")
    assert f'action="/console/answers/{task["id"]}"' in page.text
    staged = client.post(f"/console/answers/{task['id']}",
                         data={"csrf_token": csrf_token(page.text)},
                         files={"files": ("svar.txt", ANSWER, "text/plain")})
    assert staged.status_code == 200, staged.text
    assert "svar.txt" in staged.text
    still = client.get(f"/api/v1/requests/{started['id']}",
                       headers={"Authorization": f"Bearer {token}"}).json()
    assert still["state"] == "in_progress"
    done = client.post(f"/console/answers/{task['id']}/confirm",
                       data={"csrf_token": csrf_token(staged.text)}, follow_redirects=False)
    assert done.status_code == 303
    after = client.get(f"/api/v1/requests/{started['id']}",
                       headers={"Authorization": f"Bearer {token}"}).json()
    assert after["state"] == "completed"
    package = open_package(after["package_path"], settings)
    assert package.read("processor/questback/svar.txt") == ANSWER
