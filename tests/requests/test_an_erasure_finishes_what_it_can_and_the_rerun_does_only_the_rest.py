"""An erasure while the case system's database is missing: every other system is erased
and checkpointed (her visit at the reception is deleted), except the webshop, whose
orders the case system's returns point at (erasing it first would leave those returns
unreachable), which waits. The failed step
holds the error and its time; the request waits for a retry. Once the database is back,
`vernly request run` erases the case system and then the webshop, never touching a done
system again, and the databases end exactly as after an erasure that never failed."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path

from sqlalchemy import MetaData, Table, create_engine, text
from typer.testing import CliRunner

from tests.connectors.cast import KARI_EMAIL, KARI_PHONE, at
from tests.requests.conftest import write_cast
from tests.requests.desk import Desk
from tests.requests.support import audit_rows, personal_in, snapshot, unreachable
from vernly.cli.main import app as cli


def _with_a_visit(workspace: Path) -> None:
    """She also visited the office once (the cast has no visit of hers)."""
    engine = create_engine(f"sqlite:///{workspace / 'data' / 'visitors.sqlite'}")
    visits = Table("visits", MetaData(), autoload_with=engine)
    with engine.begin() as conn:
        conn.execute(visits.insert(), {"id": 9, "full_name": "Kari Nordmann",
                                       "phone": KARI_PHONE, "host_name": "Anne Vert",
                                       "arrived_at": at("2026-01-20T09:00:00"),
                                       "sms_confirmed_at": at("2026-01-20T09:00:04")})
    engine.dispose()


def _reference(desk: Desk, tmp_path: Path) -> Path:
    """The same erasure, never interrupted, in a workspace and ledger of its own."""
    reference = tmp_path / "reference"
    reference.mkdir()
    shutil.copy(desk.settings.workspace / "vernly.yaml", reference / "vernly.yaml")
    write_cast(reference)
    _with_a_visit(reference)
    other = Desk.open(reference, dict(desk.settings.env) | {
        "VERNLY_DATABASE_URL": f"sqlite:///{reference / 'ledger.sqlite'}"}, now=desk.now)
    try:
        done = other.operator_run("erasure", KARI_EMAIL, KARI_PHONE)
        assert done.result["failed"] == {} and done.result["systems_done"], done.result
    finally:
        other.close()
    return reference


def test_the_erasure_waits_for_the_missing_system_then_finishes_it(cast_desk: Desk,
                                                                    tmp_path: Path) -> None:
    desk = cast_desk
    ws = desk.settings.workspace
    _with_a_visit(ws)
    reference = _reference(desk, tmp_path)
    before = snapshot(ws)
    with unreachable(ws, "cases") as cases_file:
        first = desk.operator_run("erasure", KARI_EMAIL, KARI_PHONE)
    halfway = snapshot(ws)
    steps = {s.system_id: s for s in first.steps}
    assert first.state == "in_progress" and first.waiting_on == ["cases"]
    assert first.next_attempt_at == desk.now + timedelta(minutes=1)
    assert (steps["cases"].status, steps["cases"].attempts, steps["cases"].error_at) == (
        "failed", 1, desk.now)
    assert steps["cases"].error == (f"ConfigurationError: system 'cases': database file "
                                    f"{cases_file} does not exist")
    assert (steps["webshop"].status, steps["webshop"].waits_for) == ("pending", ["cases"])
    assert steps["webshop"].attempts == 0
    assert {s for s, step in steps.items() if step.status == "done"} == {
        "visitors", "forms", "cctv", "weblog", "questback", "web_analytics", "customer_platform"}
    assert first.result["waiting"] == {"webshop": ["cases"]}
    assert steps["visitors"].counts["deleted"] == 1
    assert halfway[("visitors", "visits")] == snapshot(reference)[("visitors", "visits")]
    assert {k: v for k, v in halfway.items() if k[0] != "visitors"} == {
        k: v for k, v in before.items() if k[0] != "visitors"}, \
        "the webshop waits and the case system was not reached: both are untouched"

    env = dict(desk.settings.env) | {"VERNLY_NOW": desk.later(minutes=1).now.isoformat(),
                                     "VERNLY_OPERATOR": "Ingrid Berg"}
    shown = CliRunner().invoke(cli, ["request", "show", first.id, "-w", str(ws)], env=env)
    assert "step erase/webshop: pending (attempts 0), waits for cases" in shown.stdout
    assert "webshop: not yet, waits for cases" in shown.stdout

    resumed = CliRunner().invoke(cli, ["request", "run", first.id, "--json", "-w", str(ws)],
                                 env=env)
    assert resumed.exit_code == 0, resumed.output
    result = json.loads(resumed.stdout)
    # Done in every system; open only for the processor's task (questback).
    assert result["result"]["systems_done"] and result["result"]["open_tasks"] == 1
    assert result["waiting_on"] == [] and result["next_attempt_at"] is None
    assert all(s["status"] == "done" for s in result["systems"].values()), result["systems"]
    assert snapshot(ws) == snapshot(reference)

    with desk.ledger.session() as session:
        attempts = dict(session.execute(text(
            "SELECT system_id, attempts FROM dsr_steps WHERE request_id = :r"),
            {"r": first.id}).all())
    assert attempts.pop("cases") == 2
    assert set(attempts.values()) == {1}, attempts
    entries = audit_rows(desk.ledger, first.id)
    erased = [e.system for e in entries if e.action == "request.erase"]
    assert sorted(erased) == sorted(steps), "one erasure per system, none twice"
    assert erased.index("cases") < erased.index("webshop")
    assert [e.system for e in entries if e.action == "request.step_failed"] == ["cases"]
    assert not personal_in(json.dumps([[e.action, e.system, e.counts, e.detail]
                                       for e in entries], default=str))
