"""ASGI entry point: `uvicorn --factory vernly.web.asgi:app_factory` (what `vernly serve` runs).

The factory reads the settings when uvicorn calls it, not at import, from the environment
(`VERNLY_WORKSPACE`, `VERNLY_DATABASE_URL`, …), so several workers or replicas started the
same way serve the same workspace.
"""

from __future__ import annotations

from fastapi import FastAPI

from vernly.settings import load_settings
from vernly.web.app import create_app


def app_factory() -> FastAPI:
    """The app for the workspace named by the environment (default: the current folder)."""
    settings = load_settings()
    settings.check_shared()
    return create_app(settings)
