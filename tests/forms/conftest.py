"""A workspace with the example policy served by the web app, a real local SMTP server and
a local SMS gateway stand-in; a clock the test sets.

The cast: Siri Dahl visits Kari Nordmann; Jonas Lie is a pupil on a school visit; Nora
Berg signs up for a course.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.support.mailbox import Mailbox
from tests.support.sms_gateway import SmsGateway
from vernly.policy.loader import example_policy_path
from vernly.settings import load_settings
from vernly.web.app import create_app

NOW = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
SIRI = {"full_name": "Siri Dahl", "phone": "412 34 567", "host": "kari"}
SIRI_PHONE = "+4741234567"
KARI = "kari.nordmann@intility.no"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "vernly.yaml").write_text(example_policy_path().read_text(encoding="utf-8"))
    return ws


@dataclass
class Site:
    app: FastAPI
    client: TestClient
    workspace: Path
    env: dict[str, str]

    def post(self, form: str, body: object, client: str = "testclient") -> object:
        return self.client.post(f"/api/v1/forms/{form}", json=body)


def make_app(workspace: Path, env: dict[str, str], now: datetime = NOW) -> FastAPI:
    return create_app(load_settings(workspace, env, now=now))


@pytest.fixture
def env(workspace: Path, ledger_url: str, mailbox: Mailbox, gateway: SmsGateway
        ) -> dict[str, str]:
    return {"VERNLY_DATABASE_URL": ledger_url, "VERNLY_SMTP_HOST": "127.0.0.1",
            "VERNLY_SMTP_PORT": str(mailbox.port), "VERNLY_MAIL_FROM": "vernly@intility.no",
            "VERNLY_MESSAGE_RETRY_DELAYS": "30s,2m", **gateway.settings_env()}


@pytest.fixture
def site(workspace: Path, env: dict[str, str]) -> Iterator[Site]:
    """The app without its lifespan: no courier in the background, so the test decides
    when due messages are sent."""
    app = make_app(workspace, env)
    yield Site(app, TestClient(app), workspace, env)
    store = getattr(app.state, "form_store", None)
    if store is not None:
        store.close()
    app.state.ledger.dispose()


def at(site: Site, moment: datetime) -> Site:
    """The same workspace and ledger, served with the clock at `moment`."""
    app = make_app(site.workspace, site.env, moment)
    return Site(app, TestClient(app), site.workspace, site.env)


def stored(workspace: Path, table: str) -> list[dict[str, object]]:
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{workspace / 'data' / 'forms.sqlite'}")
    try:
        with engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(text(f"SELECT * FROM {table}"))]
    finally:
        engine.dispose()


__all__ = ["KARI", "NOW", "SIRI", "SIRI_PHONE", "UTC", "Site", "at", "stored"]
