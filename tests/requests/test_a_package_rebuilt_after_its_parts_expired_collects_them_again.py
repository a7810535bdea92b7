"""The parts each system's collection stored are removed with the package they made once
its link expires. When a processor answers after that, confirming the answer collects the
systems again and rebuilds the package with every row and the answer, not a failure."""

from __future__ import annotations

import json

from tests.requests.desk import Desk
from tests.support.packages import open_package
from vernly.engine.requests import answers
from vernly.engine.requests.downloads import remove_expired
from vernly.engine.requests.package_store import PARTS, package_dir
from vernly.notices.access_report import render


def test_a_late_answer_rebuilds_the_package_after_the_parts_went(cast_desk: Desk) -> None:
    desk = cast_desk
    first = desk.operator_run("access", "kari.nordmann@example.no", "912 34 567")
    assert first.package_path and first.state == "in_progress"  # questback's task is open
    parts = package_dir(desk.settings) / PARTS / first.id
    assert (parts / "webshop.enc").is_file()
    before = json.loads(open_package(first.package_path, desk.settings).read("data.json"))

    late = desk.later(days=desk.settings.package_link_days + 1)
    assert remove_expired(late.ledger, late.settings) == 1
    assert not any(parts.glob("*.enc")), "the parts went with the package"

    [task] = first.tasks
    answers.stage(late.ledger, late.settings, task.id, [], True, "operator:Ingrid Berg")
    done = answers.confirm(*late.args, task.id, "operator:Ingrid Berg", renderer=render)
    assert done.state == "completed" and done.package_path
    after = json.loads(open_package(done.package_path, late.settings).read("data.json"))
    assert after["systems"]["webshop"]["tables"] == before["systems"]["webshop"]["tables"]
    assert after["systems"]["cases"]["tables"] == before["systems"]["cases"]["tables"]
    assert after["systems"]["questback"]["processor_answer"]["holds_nothing"] is True
