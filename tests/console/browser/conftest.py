"""A console served on loopback for Chromium: the example policy, the connector tests' cast in
its databases, a real SMTP catcher, a DPO's token, and a request from Kari waiting."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.operators.conftest import FAST_HASHER
from tests.requests.conftest import write_cast
from tests.support.browser import serving
from tests.support.mailbox import Mailbox, smtp_server
from vernly.engine.operators import Operators
from vernly.engine.requests import service
from vernly.policy.loader import example_policy_path
from vernly.settings import load_settings
from vernly.web.app import create_app

KARI = "kari.nordmann@example.no"


def _empty_databases_for_the_other_systems(ws: Path) -> None:
    """SQL systems the cast has no rows for still need their (empty) tables to answer."""
    from sqlalchemy import create_engine

    from vernly.connectors.demo.schema import create_schema
    from vernly.policy.loader import load_example

    policy = load_example().policy
    for system in policy.systems:
        path = ws / "data" / f"{system.id}.sqlite"
        if system.kind.value != "sql" or path.exists():
            continue
        engine = create_engine(f"sqlite:///{path}")
        create_schema(system, engine, policy.systems)
        engine.dispose()


@dataclass(frozen=True)
class Site:
    base: str
    token: str
    workspace: Path
    mailbox: Mailbox
    app: object


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    ws = tmp_path_factory.mktemp("console-pages") / "ws"
    ws.mkdir()
    (ws / "vernly.yaml").write_text(example_policy_path().read_text(encoding="utf-8"))
    write_cast(ws)
    _empty_databases_for_the_other_systems(ws)
    with smtp_server() as mailbox:
        settings = load_settings(ws, env={
            "VERNLY_DATABASE_URL": f"sqlite:///{ws / 'ledger.sqlite'}",
            "VERNLY_SECRET_KEY": "console-pages-browser-key", "VERNLY_SMTP_HOST": "127.0.0.1",
            "VERNLY_SMTP_PORT": str(mailbox.port), "VERNLY_SWEEP_INTERVAL": "0",
            "VERNLY_REQUEST_RETRY_INTERVAL": "0", "VERNLY_MAIL_FROM": "personvern@intility.no"})
        app = create_app(settings)
        app.state.operators = Operators(app.state.ledger, settings.now, FAST_HASHER)
        _, token = app.state.operators.create("Kari Dahl", "dpo", actor="test")
        service.submit(app.state.ledger, settings, app.state.policy, "access", KARI,
                       details={"message": "Jeg vil se alt dere har om meg."}, channel="web")
        with serving(app) as base:
            yield Site(base, token, ws, mailbox, app)
        app.state.ledger.dispose()


def sign_in(page: object, base: str, token: str, then: str = "/console") -> None:
    page.goto(f"{base}/console/login?next={then}")  # type: ignore[attr-defined]
    page.get_by_label("Operator token").fill(token)  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_url(f"{base}{then}")  # type: ignore[attr-defined]
