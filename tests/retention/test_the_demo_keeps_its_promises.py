"""The must-show: in a demo workspace the plan lists the notice's retention promises, a sweep
leaves no CCTV recording older than 7 days and no school-visit sign-up older than 12 months,
the status reports those promises as held, and advancing the clock lets the 7-day rule act
again."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, Table, create_engine, func, select
from typer.testing import CliRunner

from tests.retention.support import NOW
from vernly.cli.main import app
from vernly.connectors.demo.build import build_demo
from vernly.connectors.files import FileStore
from vernly.policy.loader import load_policy

runner = CliRunner()


def _vernly(ws: Path, *args: str, now: Any = NOW) -> Any:
    result = runner.invoke(app, [*args, "--workspace", str(ws), "--now", now.isoformat()],
                           env={"VERNLY_SWEEP_INTERVAL": "3600"})
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in args else result.stdout


def _promise(status: dict[str, Any], rule: str) -> dict[str, Any]:
    return next(p for p in status["promises"] if p.get("rule") == rule)


def test_the_demo_workspace_keeps_and_shows_its_retention_promises(tmp_path: Path) -> None:
    ws = tmp_path / "demo"
    build_demo(ws, 60, NOW, seed=7, env={})

    plan = _vernly(ws, "sweep", "--dry-run", "--json")

    rules = {r["rule"]: r for r in plan["rules"]}
    assert (rules["cctv:0:cctv"]["duration"], rules["cctv:0:cctv"]["kind"]) == ("P7D", "files")
    assert rules["cctv:0:cctv"]["matched"] > 0
    school = rules["school_visits:0:visitors.school_signups"]
    assert (school["duration"], school["trigger"]) == ("P12M", "collected")
    surveys = rules["user_surveys:0:questback"]
    assert (surveys["duration"], surveys["kind"]) == ("P24M", "manual")
    assert surveys["manual"]["owner"] == "Questback AS"
    assert "Questback AS" in surveys["manual"]["instructions"]
    orders = rules["webshop_orders:0:webshop.orders"]
    assert (orders["duration"], orders["trigger"]) == ("P5Y", "fiscal_year_end")
    course = rules["courses_seminars:0:cases.registrations"]
    assert course["trigger"] == "consent_withdrawn"
    before = _vernly(ws, "status", "--json")
    assert _promise(before, "cctv:0:cctv")["state"] == "overdue"

    _vernly(ws, "sweep", "--json")

    policy = load_policy(ws / "vernly.yaml").policy
    store = FileStore(policy.system("cctv"), ws / "data" / "cctv")
    times = [f.recorded_at for f in store.iter_files() if f.recorded_at]
    assert times and min(times) >= NOW - timedelta(days=7)
    assert school["matched"] > 0
    engine = create_engine(f"sqlite:///{ws / 'data' / 'visitors.sqlite'}")
    with engine.connect() as conn:
        signups = Table("school_signups", MetaData(), autoload_with=conn)
        older = conn.execute(select(func.count()).where(
            signups.c.signed_up_at < (NOW - timedelta(days=365)).replace(tzinfo=None))).scalar()
    engine.dispose()
    assert older == 0
    status = _vernly(ws, "status", "--json")
    for rule in ("cctv:0:cctv", "school_visits:0:visitors.school_signups",
                 "webshop_orders:0:webshop.orders"):
        assert _promise(status, rule)["state"] == "kept", _promise(status, rule)
        assert _promise(status, rule)["holds"] is True
    assert _promise(status, "user_surveys:0:questback")["text"].startswith(
        "enforced by Questback AS; not verifiable here")
    unstated = {p["activity"]: p for p in status["promises"] if p["state"] == "no_promise"}
    for activity in ("visitor_registration", "contact", "server_logs"):
        assert unstated[activity]["text"] == "no promise stated"

    tomorrow = NOW + timedelta(days=1)
    assert _promise(_vernly(ws, "status", "--json", now=tomorrow), "cctv:0:cctv")["state"] \
        == "overdue"
    again = _vernly(ws, "sweep", "--json", now=tomorrow)
    assert next(r for r in again["rules"] if r["rule"] == "cctv:0:cctv")["deleted"] > 0
    assert _promise(_vernly(ws, "status", "--json", now=tomorrow), "cctv:0:cctv")["holds"]
