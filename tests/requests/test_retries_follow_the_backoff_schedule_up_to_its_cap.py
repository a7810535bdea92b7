"""While a system stays down, each run that fails puts the next attempt further off: 1
minute, 5 minutes, 30 minutes, 2 hours, then every 6 hours (the last delay is the cap).
Nothing runs before its time; the schedule is a setting (`VERNLY_REQUEST_RETRY_DELAYS`);
the first run after the system is back completes the request and clears the schedule."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tests.connectors.cast import KARI_EMAIL
from tests.requests.desk import Desk
from tests.requests.support import audit_rows, put_back, unreachable
from vernly.engine.requests import service
from vernly.engine.requests.retries import retry_due
from vernly.errors import ConfigurationError
from vernly.notices.access_report import render
from vernly.settings import load_settings, parse_delays

MINUTE = timedelta(minutes=1)


def _retry_at(desk: Desk) -> list[str]:
    return [r.request_id for r in retry_due(desk.ledger, desk.settings, desk.loaded, render)]


def test_each_failed_run_waits_longer_until_the_cap(cast_desk: Desk) -> None:
    desk = cast_desk
    expected = [1 * MINUTE, 5 * MINUTE, 30 * MINUTE, 120 * MINUTE, 360 * MINUTE,
                360 * MINUTE, 360 * MINUTE]
    with unreachable(desk.settings.workspace, "visitors") as visitors:
        first = desk.operator_run("erasure", KARI_EMAIL)
        request_id, clock, due = first.id, desk.now, first.next_attempt_at
        seen = []
        for _ in expected:
            assert due is not None
            seen.append(due - clock)
            assert _retry_at(desk.at(due - timedelta(seconds=1))) == [], "not before its time"
            clock = due
            assert _retry_at(desk.at(clock)) == [request_id]
            assert _retry_at(desk.at(clock)) == [], "run once per due time"
            view = service.get(*desk.at(clock).args, request_id)
            due = view.next_attempt_at
        assert seen == expected
        assert view.failed_runs == len(expected) + 1  # the first run, then every retry
        steps = {s.system_id: s for s in view.steps}
        assert steps["visitors"].attempts == len(expected) + 1
        assert steps["visitors"].error_at == clock
        assert steps["cases"].attempts == 1, "a done system is never run again"
        put_back(visitors)
        assert due is not None
        assert service.get(*desk.at(due).args, request_id).waiting_on == ["visitors"]
        assert _retry_at(desk.at(due)) == [request_id]
    finished = service.get(*desk.at(due).args, request_id)
    assert finished.waiting_on == [] and finished.next_attempt_at is None
    assert finished.failed_runs == 0
    assert _retry_at(desk.at(due + timedelta(days=30))) == []

    waits = [e.detail for e in audit_rows(desk.ledger, request_id)
             if e.action == "request.waiting" and "retry" in e.detail]
    assert [w["retry"] for w in waits] == list(range(1, len(expected) + 2))
    assert all(w["failed"] == ["visitors"] for w in waits)


def test_the_schedule_is_a_setting(cast_desk: Desk) -> None:
    desk = cast_desk
    env = dict(desk.settings.env) | {"VERNLY_REQUEST_RETRY_DELAYS": "90s, 1h"}
    custom = replace(desk, settings=load_settings(desk.settings.workspace, env, now=desk.now))
    assert custom.settings.request_retry_delays == (90, 3600)
    with unreachable(desk.settings.workspace, "visitors"):
        first = custom.operator_run("erasure", KARI_EMAIL)
        assert first.next_attempt_at == desk.now + timedelta(seconds=90)
        later = custom.at(desk.now + timedelta(seconds=90))
        assert _retry_at(later) == [first.id]
        assert service.get(*later.args, first.id).next_attempt_at == later.now + timedelta(
            hours=1)
        last = later.later(hours=1)
        assert _retry_at(last) == [first.id]
        assert service.get(*last.args, first.id).next_attempt_at == last.now + timedelta(
            hours=1)


@pytest.mark.parametrize("raw", ["", "5m,,1h", "soon", "0s", "1h,5m", "-1m"])
def test_a_schedule_that_makes_no_sense_is_refused_in_one_line(raw: str) -> None:
    with pytest.raises(ConfigurationError, match="VERNLY_REQUEST_RETRY_DELAYS"):
        parse_delays(raw)
    assert parse_delays("1m,5m,30m,2h,6h") == (60, 300, 1800, 7200, 21600)
    assert parse_delays("45") == (45,)
