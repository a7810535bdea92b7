"""ASGI entry point: `uvicorn --factory vernly.web.asgi:app_factory` (what `vernly serve` runs).

The factory reads the settings when uvicorn calls it, not at import, from the environment
(`VERNLY_WORKSPACE`, `VERNLY_DATABASE_URL`, …), so several workers or replicas started the
same way serve the same workspace.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import sys

from fastapi import FastAPI

from vernly.settings import load_settings
from vernly.web.app import create_app

SWITCH_INTERVAL = 0.0005
"""Seconds a thread may hold the GIL while another waits for it (`sys.setswitchinterval`)."""


def app_factory() -> FastAPI:
    """The app for the workspace named by the environment (default: the current folder)."""
    with contextlib.suppress(OSError, RuntimeError):  # an stderr without a file descriptor
        faulthandler.enable()  # a fatal signal is logged, as under `vernly serve`
    settings = load_settings()
    settings.check_shared()
    app = create_app(settings)
    # What is loaded by now (modules, routes, the policy) lives as long as the server: out
    # of the collector, so its full collections walk only what requests leave behind.
    gc.freeze()
    # A choice crosses threads twice (event loop -> consent writer -> event loop). A thread
    # woken while another holds the GIL waits for it to be let go, by default every 5 ms;
    # at 0.5 ms the writer starts its batch while the loop is still busy with requests.
    sys.setswitchinterval(SWITCH_INTERVAL)
    return app
