"""What the form pages and the forms API share: the store, the client, the size limit."""

from __future__ import annotations

import threading

from fastapi import Request

from vernly.connectors.form_store import FormStore
from vernly.errors import VernlyError

MAX_BODY = 32 * 1024
"""Bytes a form submission may take; the longest declared field is a few KB."""
_LOCK = threading.Lock()


class TooLarge(VernlyError):
    http_status = 413


def form_store(request: Request) -> FormStore:
    """The app's form store, opened (and its tables created) on first use."""
    store: FormStore | None = getattr(request.app.state, "form_store", None)
    if store is None:
        with _LOCK:
            store = getattr(request.app.state, "form_store", None)
            if store is None:
                settings = request.app.state.settings
                store = FormStore(request.app.state.policy.policy, settings.workspace,
                                  settings.env)
                store.ensure()
                request.app.state.form_store = store
    return store


def client_of(request: Request) -> str:
    """Who is submitting, for the rate limit: the peer address."""
    return request.client.host if request.client else "unknown"


async def bounded_body(request: Request) -> bytes:
    """The request body, refused with 413 past MAX_BODY (checked while reading)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY:
        raise TooLarge(f"submission of {declared} bytes, expected at most {MAX_BODY}")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise TooLarge(f"submission over {MAX_BODY} bytes")
    return body
