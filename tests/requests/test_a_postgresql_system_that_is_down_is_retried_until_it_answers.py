"""The visitor system on PostgreSQL: while its database does not exist yet, or its URL
points at a port nothing listens on, a request records the failure as the driver's error
class only (its message may quote values) inside vernly's own one line, and waits; once
the database is there, the retry finishes the request with the right result."""

from __future__ import annotations

import json
import socket
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.connectors.cast import OLA_PHONE, ROWS
from tests.requests.conftest import write_cast
from tests.requests.desk import Desk
from tests.requests.support import audit_rows, personal_in, query
from tests.support.packages import open_package
from tests.support.services import PG_ADMIN, fresh_database, unavailable
from vernly.connectors.demo.schema import create_schema
from vernly.engine.requests import service
from vernly.engine.requests.retries import retry_due
from vernly.notices.access_report import render
from vernly.policy.loader import load_example

OLA_EMAIL = "o.h@firma.no"
"""Ola gave an address no system holds; he is found by his phone number."""


def load_visitors(url: str) -> None:
    policy = load_example().policy
    engine = create_engine(url)
    metadata, _ = create_schema(policy.system("visitors"), engine, policy.systems)
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            if ROWS["visitors"].get(table.name):
                conn.execute(table.insert(), ROWS["visitors"][table.name])
    engine.dispose()


@contextmanager
def database_created_later() -> Iterator[tuple[str, Callable[[], None]]]:
    """The URL of a PostgreSQL database that does not exist yet, and a function that
    creates it (with the visitors), dropped afterwards."""
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means "not here"
        unavailable(f"PostgreSQL not reachable ({type(exc).__name__})")
    name = f"vernly_t_{uuid.uuid4().hex[:12]}"
    url = f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"

    def create() -> None:
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        load_visitors(url)

    try:
        yield url, create
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def _desk(workspace: Path, ledger_url: str, visitors_url: str) -> Desk:
    write_cast(workspace)
    return Desk.open(workspace, {"VERNLY_DATABASE_URL": ledger_url, "VERNLY_SMTP_PORT": "1",
                                 "VERNLY_VISITORS_URL": visitors_url})


def test_access_waits_for_a_database_that_does_not_exist_yet(workspace: Path,
                                                             ledger_url: str) -> None:
    with database_created_later() as (url, create):
        desk = _desk(workspace, ledger_url, url)
        try:
            first = desk.operator_run("access", OLA_EMAIL, OLA_PHONE)
            [step] = [s for s in first.steps if s.system_id == "visitors"]
            assert step.status == "failed" and step.error_at == desk.now
            assert step.error == ("ConfigurationError: system 'visitors': cannot reach the "
                                  "database (OperationalError)")
            assert first.waiting_on == ["visitors"] and first.package_path is None
            assert first.result["systems"]["webshop"] == {"shipments": 1}

            create()
            due = desk.later(minutes=1)
            [retried] = retry_due(due.ledger, due.settings, due.loaded, render)
            assert retried.failed == []
            done = service.get(*due.args, first.id)
            data = json.loads(open_package(str(done.package_path), desk.settings)
                              .read("data.json"))
            visits = {r["key"] for r in data["systems"]["visitors"]["tables"]["visits"]["records"]}
            assert visits == {1, 2}
            assert {s.system_id: s.attempts for s in done.steps}["visitors"] == 2
            entries = audit_rows(desk.ledger, first.id)
            assert not personal_in(json.dumps([[e.action, e.system, e.counts, e.detail]
                                               for e in entries], default=str))
        finally:
            desk.close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again when the block ends: nothing listens


def test_erasure_waits_for_a_port_nothing_listens_on_until_the_url_is_fixed(
        workspace: Path, ledger_url: str) -> None:
    nowhere = f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/visitors"
    with fresh_database("postgresql") as url:
        load_visitors(url)
        desk = _desk(workspace, ledger_url, nowhere)
        try:
            first = desk.operator_run("erasure", OLA_EMAIL, OLA_PHONE)
            steps = {s.system_id: s for s in first.steps}
            assert steps["visitors"].error == ("ConfigurationError: system 'visitors': cannot "
                                               "reach the database (OperationalError)")
            assert steps["webshop"].status == "done"
            assert first.next_attempt_at == desk.now + timedelta(minutes=1)
            shipment = query(workspace, "webshop", "SELECT recipient_phone FROM shipments "
                                                   "WHERE id = 3")
            assert shipment != [(OLA_PHONE,)], "the webshop was erased while visitors waited"

            # The operator corrects the URL; the next run erases the visitor system only.
            fixed = replace(desk, settings=replace(
                desk.later(minutes=3).settings,
                env=dict(desk.settings.env) | {"VERNLY_VISITORS_URL": url}))
            done = service.run(*fixed.args, first.id, "operator:Ingrid Berg", renderer=render)
            assert done.waiting_on == [] and done.next_attempt_at is None
            assert query(workspace, "visitors", "SELECT id FROM visits WHERE phone = :p",
                         {"visitors": url}, p=OLA_PHONE) == []
            assert {s.system_id: s.attempts for s in done.steps if s.attempts > 1} == {
                "visitors": 2}
            erased = [e.system for e in audit_rows(desk.ledger, first.id)
                      if e.action == "request.erase"]
            assert sorted(erased) == sorted(steps)
        finally:
            desk.close()
