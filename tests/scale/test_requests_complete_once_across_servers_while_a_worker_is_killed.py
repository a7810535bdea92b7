"""Three servers and two workers started at the same instant on a fresh PostgreSQL ledger
all come up. 200 erasure requests submitted across the servers, each verified by the code
the local SMTP server received, all run to the end while a worker is killed with SIGKILL
and started again, and while one system (`visitors`) cannot be reached for the first 80:
every system's step of every request completed exactly once (one `request.erase` entry per
request and system), each by a job of its own (a distinct queue job on every step), the
unreachable system's steps failed and were retried by their jobs while the other systems
of the same requests were erased, no e-mail reached the SMTP server twice, and the audit
chain is intact."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Row, create_engine, text

from tests.connectors.cast import KARI_EMAIL, PER_EMAIL
from tests.requests.support import away, put_back
from tests.scale.cluster import SRC, VERNLY, Cluster, Mailbox, cast_workspace, running, smtp_server

REQUESTS = 200
KILL_AFTER = 80
"""Verified requests after which the first worker is killed (and started again), and the
unreachable system comes back."""
DOWN = "visitors"
"""The system whose database is away while the first requests run."""


def _submit(url: str, email: str, box: Mailbox) -> str:
    answer = httpx.post(f"{url}/api/v1/requests", json={"kind": "erasure", "email": email},
                        timeout=60)
    assert answer.status_code == 202, answer.text
    return str(answer.json()["status_token"])


def _code(box: Mailbox, email: str) -> str:
    deadline = time.monotonic() + 60
    while not (found := box.to(email)):
        assert time.monotonic() < deadline, f"no code for request {email.split('@')[0]}"
        time.sleep(0.05)
    return str(found[0]["Subject"]).rsplit(" ", 1)[-1]


def _verify(url: str, token: str, code: str) -> None:
    answer = httpx.post(f"{url}/api/v1/requests/status/{token}/verify", json={"code": code},
                        timeout=60)
    assert answer.status_code == 200, answer.text


def _unfinished(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(
                "SELECT count(*) FROM dsr_requests WHERE state = 'received' OR result IS NULL "
                "OR NOT coalesce((result ->> 'systems_done')::boolean, false)")).scalar_one())
    finally:
        engine.dispose()


def _detail(detail: object) -> dict[str, object]:
    return json.loads(detail) if isinstance(detail, str) else dict(detail)  # type: ignore[call-overload]


def _others_erased_while_retried(entries: list[Row[Any]], request_id: str) -> bool:
    """Another system of the request was erased after the down system first failed and
    before it was erased: its failure and retries held nobody up."""
    mine = [(system, action) for _, target, system, action in entries if target == request_id]
    first_failure = mine.index((DOWN, "request.step_failed"))
    erased_down = mine.index((DOWN, "request.erase"))
    return any(action == "request.erase" and system != DOWN
               for system, action in mine[first_failure:erased_down])


def test_two_hundred_requests_complete_once_while_a_worker_is_killed(
        postgres_url: str, tmp_path: Path) -> None:
    ws = cast_workspace(tmp_path / "ws")
    down = ws / "data" / f"{DOWN}.sqlite"
    down.rename(away(down))
    with smtp_server() as box:
        env = {"VERNLY_DATABASE_URL": postgres_url, "VERNLY_SECRET_KEY": "cluster-test-key",
               "VERNLY_SMTP_HOST": "127.0.0.1", "VERNLY_SMTP_PORT": str(box.port),
               "VERNLY_SWEEP_INTERVAL": "0", "VERNLY_REQUEST_RETRY_INTERVAL": "2",
               "VERNLY_REQUEST_RETRY_DELAYS": "2s",
               # 200 people, all from this one loopback address.
               "VERNLY_RATE_LIMIT_PER_CLIENT": "1000"}
        with running(Cluster(ws, env, tmp_path / "logs")) as cluster:
            emails = [KARI_EMAIL, PER_EMAIL] + [f"person{i:03d}@example.no"
                                                for i in range(REQUESTS - 2)]

            def one(i: int) -> None:
                email = emails[i]
                token = _submit(cluster.urls[i % 3], email, box)
                _verify(cluster.urls[(i + 1) % 3], token, _code(box, email))

            with ThreadPoolExecutor(8) as pool:
                list(pool.map(one, range(KILL_AFTER)))
                cluster.kill_worker(0)
                put_back(down)
                list(pool.map(one, range(KILL_AFTER, REQUESTS)))
            cluster.restart_worker(0)
            deadline = time.monotonic() + 600
            while (left := _unfinished(postgres_url)) > 0:
                assert time.monotonic() < deadline, f"{left} requests never completed"
                time.sleep(1)

    engine = create_engine(postgres_url)
    with engine.connect() as conn:
        steps = conn.execute(text("SELECT request_id, system_id, status, detail FROM "
                                  "dsr_steps WHERE phase = 'erase'")).all()
        erased = Counter(conn.execute(text(
            "SELECT target, system FROM audit_log WHERE action = 'request.erase'")).all())
        entries = conn.execute(text(
            "SELECT seq, target, system, action FROM audit_log WHERE action IN "
            "('request.erase', 'request.step_failed') ORDER BY seq")).all()
        requests = conn.execute(text("SELECT count(*) FROM dsr_requests")).scalar_one()
    engine.dispose()
    assert requests == REQUESTS
    assert {status for *_, status, _ in steps} == {"done"}
    assert set(erased) == {(r, s) for r, s, *_ in steps}, "every system's step completed"
    assert set(erased.values()) == {1}, "and none twice"
    jobs: dict[str, list[int]] = {}
    for request_id, _system, _status, detail in steps:
        jobs.setdefault(request_id, []).append(int(_detail(detail)["job"]))
    assert all(len(set(ids)) == len(ids) for ids in jobs.values()), (
        "each system's step ran as a queue job of its own")
    assert len({i for ids in jobs.values() for i in ids}) == len(steps)
    failed = {(r, s) for _, r, s, action in entries if action == "request.step_failed"}
    assert failed and {s for _, s in failed} == {DOWN}, "only the system that was away failed"
    assert any(_others_erased_while_retried(entries, request_id)
               for request_id, _ in failed), "the others went on while it was retried"
    sent = Counter((m["To"], m["Subject"]) for m in box.messages)
    assert {to for to, _ in sent} == set(emails), "everyone got their code"
    assert set(sent.values()) == {1}, "no e-mail sent twice"
    verify = subprocess.run([*VERNLY, "audit", "verify", "-w", str(ws)], capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": SRC, **env}, timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr
