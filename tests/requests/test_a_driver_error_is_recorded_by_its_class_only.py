"""A database error inside a system that vernly did not put into words (here a trigger in
the visitor database breaks the UPDATE of a rectification, and the driver's message
quotes the statement's parameters: the person's new phone number) fails that system's
step with the error's class only: neither the step, the request's result,
`vernly request show` nor the audit log repeats the message. The other systems are
rectified; the retry, once the trigger is gone, rectifies the visits too."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from tests.connectors.cast import OLA_PHONE
from tests.requests.desk import Desk
from tests.requests.support import audit_rows, personal_in, query
from vernly.cli.main import app as cli
from vernly.engine.requests.retries import retry_due
from vernly.notices.access_report import render

ERROR = "OperationalError while rectifying (the driver's message is not kept)"
NEW_PHONE = "+4799887766"


def _visitors(workspace: Path, sql: str) -> None:
    engine = create_engine(f"sqlite:///{workspace / 'data' / 'visitors.sqlite'}")
    with engine.begin() as conn:
        conn.execute(text(sql))
    engine.dispose()


def _leaks(text_: str) -> list[str]:
    return personal_in(text_) + [p for p in ("99887766", "99 88 77 66") if p in text_]


def test_the_step_keeps_the_class_and_not_the_message(cast_desk: Desk) -> None:
    desk = cast_desk
    ws = desk.settings.workspace
    _visitors(ws, "CREATE TABLE audit_trail (note TEXT)")
    _visitors(ws, "CREATE TRIGGER guard BEFORE UPDATE ON visits BEGIN "
                  "INSERT INTO audit_trail_gone (note) VALUES (NEW.phone); END")
    _visitors(ws, "DROP TABLE audit_trail")
    first = desk.operator_run("rectification", "o.h@firma.no", OLA_PHONE,
                              {"changes": {"user.contact.phone_number": NEW_PHONE}})
    steps = {s.system_id: s for s in first.steps}
    assert (steps["visitors"].status, steps["visitors"].error) == ("failed", ERROR)
    assert steps["visitors"].error_at == desk.now
    assert first.result["failed"] == {"visitors": ERROR}
    assert first.waiting_on == ["visitors"]
    assert steps["webshop"].status == "done"
    assert query(ws, "webshop", "SELECT recipient_phone FROM shipments WHERE id = 3") == [
        (NEW_PHONE,)]
    assert query(ws, "visitors", "SELECT phone FROM visits WHERE id IN (1, 2)") == [
        (OLA_PHONE,), (OLA_PHONE,)]

    env = dict(desk.settings.env) | {"VERNLY_NOW": desk.now.isoformat()}
    shown = CliRunner().invoke(cli, ["request", "show", first.id, "--json", "-w", str(ws)],
                               env=env)
    assert shown.exit_code == 0 and ERROR in shown.stdout
    steps_shown = json.loads(shown.stdout)["steps"]
    assert not _leaks(json.dumps(steps_shown) + json.dumps(json.loads(shown.stdout)["result"]))
    entries = json.dumps([[e.action, e.system, e.counts, e.detail]
                          for e in audit_rows(desk.ledger, first.id)], default=str)
    assert '"error": "OperationalError"' in entries and not _leaks(entries)

    _visitors(ws, "DROP TRIGGER guard")
    due = desk.later(minutes=1)
    [retried] = retry_due(due.ledger, due.settings, due.loaded, render)
    assert retried.failed == [] and retried.state == "completed"
    assert query(ws, "visitors", "SELECT phone FROM visits WHERE id IN (1, 2)") == [
        (NEW_PHONE,), (NEW_PHONE,)]
    rectified = [e.system for e in audit_rows(desk.ledger, first.id)
                 if e.action == "request.rectify"]
    assert len(rectified) == len(set(rectified)), "no system rectified twice"
