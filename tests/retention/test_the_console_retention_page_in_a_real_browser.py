"""In headless Chromium: the DPO opens /console/retention, sees the CCTV promise overdue,
runs the sweep and sees it held, then places a hold on Kari and lifts it again."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser

from tests.operators.conftest import FAST_HASHER
from tests.operators.test_console_sign_in_in_a_real_browser import in_chromium
from tests.retention.support import KARI, NOW, cctv_file, days, settings, workspace
from vernly.engine.operators import Operators
from vernly.web.app import create_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    ws, env = workspace(tmp_path_factory.mktemp("retention-console"))
    cctv_file(ws, "inngang", NOW - days(9))
    cctv_file(ws, "inngang", NOW - days(1))
    app = create_app(settings(ws, env, NOW, VERNLY_SWEEP_INTERVAL="0"))
    app.state.operators = Operators(app.state.ledger, lambda: NOW, FAST_HASHER)
    _, token = app.state.operators.create("Kari Nordmann", "dpo", actor="test")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", token, ws
    server.should_exit = True
    thread.join(timeout=10)
    app.state.ledger.dispose()


def test_the_dpo_sweeps_and_holds_from_the_console(site: tuple[str, str, Path]) -> None:
    base, token, ws = site
    in_chromium(lambda browser: _walk_through(browser, base, token, ws))


def _walk_through(browser: Browser, base: str, token: str, ws: Path) -> None:
    page = browser.new_page()
    page.goto(f"{base}/console/retention")
    page.get_by_label("Operator token").fill(token)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/console/retention")
    cctv = page.get_by_role("row").filter(has_text="Recordings are deleted after 7 days.")
    assert "overdue" in cctv.inner_text()
    unstated = page.get_by_role("row").filter(has_text="Web server logs")
    assert "no promise stated" in unstated.inner_text()

    page.get_by_role("button", name="Run the sweep now").click()
    page.wait_for_url(f"{base}/console/retention")
    cctv = page.get_by_role("row").filter(has_text="Recordings are deleted after 7 days.")
    assert "kept" in cctv.inner_text()
    assert not list((ws / "data" / "cctv" / "inngang").glob(f"{(NOW - days(9)):%Y%m%d}*"))

    page.get_by_label("E-mail, phone, system or dataset").fill(KARI["email"])
    page.get_by_label("Reason").fill("Tvistesak 24-101")
    page.get_by_role("button", name="Place hold").click()
    page.wait_for_url(f"{base}/console/retention")
    held = page.get_by_role("row").filter(has_text="Tvistesak 24-101")
    assert KARI["email"] in held.inner_text()
    held.get_by_label("Reason for lifting").fill("Saken er avsluttet")
    held.get_by_role("button", name="Lift").click()
    page.wait_for_url(f"{base}/console/retention")
    assert page.get_by_text("No holds in force.").is_visible()
    page.close()
