"""Helpers for the consent tests: a workspace app, a real SMTP server, a live HTTP server."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from tests.support.mailbox import Mailbox, free_port, smtp_server

__all__ = ["Mailbox", "app_for", "free_port", "live_server", "make_workspace", "settings_for",
           "smtp_server"]
from vernly.policy.loader import example_policy_path
from vernly.settings import Settings, load_settings
from vernly.web.app import create_app


def make_workspace(root: Path) -> Path:
    """A workspace like `vernly init` makes: the example policy (Intility AS)."""
    ws = root / "ws"
    ws.mkdir(parents=True, exist_ok=True)
    (ws / "vernly.yaml").write_text(example_policy_path().read_text(encoding="utf-8"))
    return ws


def settings_for(ws: Path, ledger_url: str | None = None, **env: str) -> Settings:
    values = {"VERNLY_SECRET_KEY": "test-secret-key", **env}
    if ledger_url:
        values["VERNLY_DATABASE_URL"] = ledger_url
    return load_settings(ws, env=values)


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """Serve the real app with uvicorn on a free loopback port; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def app_for(ws: Path, ledger_url: str | None = None, **env: str) -> FastAPI:
    return create_app(settings_for(ws, ledger_url, **env))
