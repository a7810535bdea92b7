"""Pages as people see them: an app served on loopback, headless Chromium, axe-core, screenshots.

- `serving(app)` runs an ASGI app with uvicorn on a free loopback port for the `with` block.
- `in_chromium(check)` runs `check(browser)` in Debian's Chromium (never a downloaded one).
- `axe_violations(page)` injects axe-core (installed from the npm registry by `make test`
  into `.cache/axe`) and returns what it finds, as one line per violation.
- `screenshots(page, name)` saves full-page screenshots at 1280 and 390 px wide under the
  test artifacts folder (`VERNLY_TEST_ARTIFACTS`, default `test-artifacts/`).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.support.services import CHROMIUM_ARGS, chromium_path, unavailable

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = Path(os.environ.get("VERNLY_AXE_JS",
                             ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"))
ARTIFACTS = Path(os.environ.get("VERNLY_TEST_ARTIFACTS", ROOT / "test-artifacts"))
WIDTHS = (1280, 390)


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Base URL of `app` served by uvicorn on a free loopback port."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def in_chromium(check: Callable[[Any], None], timeout: float = 180) -> None:
    """Run `check(browser)` with a fresh headless Chromium in a thread of its own.

    Playwright's sync API refuses to start inside another running event loop, so the browser
    runs where no loop exists; a failure is re-raised in the test's thread.
    """
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    failures: list[BaseException] = []

    def run() -> None:
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
                try:
                    check(browser)
                finally:
                    browser.close()
        except BaseException as exc:
            failures.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=timeout)
    assert not worker.is_alive(), f"the browser check did not finish in {timeout:.0f} s"
    if failures:
        raise failures[0]


def axe_source() -> str:
    if not AXE_JS.exists():
        unavailable(f"axe-core not installed at {AXE_JS} (make test installs it with npm)")
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations on the page as it is now: `rule (impact): target` per node."""
    # Evaluated through the DevTools protocol, not added as a <script>: the page's own
    # Content-Security-Policy (no inline script) stays in force while axe looks at it.
    page.evaluate(axe_source())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            found.append(f"{violation['id']} ({violation['impact']}): {node['target']} "
                         f"- {violation['help']}")
    return found


def screenshots(page: Any, name: str) -> list[Path]:
    """Full-page screenshots at each width, as `<name>-<width>.png`; the page ends at 1280."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        path = folder / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        written.append(path)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    return written


def page_width(page: Any) -> int:
    """How wide the document really is (wider than the viewport means sideways scrolling)."""
    width: int = page.evaluate("() => document.documentElement.scrollWidth")
    return width


def checked_at_both_widths(page: Any, name: str) -> list[str]:
    """Screenshots at 1280 and 390 px and axe-core at each width; problems as lines."""
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        problems += [f"{width}px: {v}" for v in axe_violations(page)]
        if page_width(page) > width:
            problems.append(f"{width}px: the page is {page_width(page)} px wide")
    screenshots(page, name)
    return problems
