"""How often one client may try to sign in, counted in the ledger so every replica agrees.

The per-account lockout (`engine.accounts.users`) stops guessing one person's password; this
stops one client from guessing many people's. Counted per client address and step; a refused
try is answered 429 with `Retry-After` before any password is checked.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import Request

CLIENT_TRIES = 20
"""Sign-in tries (passwords, codes or tokens) one client address may make per window."""
WINDOW = timedelta(minutes=15)


def refused(request: Request, step: str) -> int | None:
    """Seconds to wait when this client has tried `step` too often, else None (try counted)."""
    from vernly.engine.limits import Limit, take

    limit = Limit(f"console-signin-{step}", CLIENT_TRIES, WINDOW)
    client = request.client.host if request.client else "unknown"
    verdict = take(request.app.state.ledger, limit, client, request.app.state.settings.now())
    return None if verdict.allowed else verdict.retry_after_seconds
