"""Rate limits on what a person can do without signing in: making a request, having a code
sent and checking a code, from the centre's forms and the public API alike.

Each action counts per client (its address, as uvicorn sees it behind a trusted proxy) and
per e-mail address, in the ledger (`engine.limits`), so every replica sees the same counts
and no address is stored in clear. A code is an e-mail: at most `CODES_PER_ADDRESS` a
window, whoever asks, so the centre cannot be used to flood someone's inbox. The client's
counter is taken first, so a flooding client does not use up the address's allowance.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from fastapi import Request

from vernly.engine.limits import Limit, take
from vernly.errors import RateLimited
from vernly.notices.i18n import N_, tr
from vernly.web.api_contract import RATE_LIMITED_ATTRIBUTE

HOUR = timedelta(hours=1)
CODES_PER_ADDRESS = Limit("codes/address", 3, HOUR)
"""E-mails with a code to one address (a new request sends one, so does "send again")."""
CHECKS_PER_ADDRESS = Limit("checks/address", 10, HOUR)
TOO_MANY = N_("Too many attempts: try again in about %(minutes)s minutes.")

Endpoint = TypeVar("Endpoint", bound=Callable[..., object])


def rate_limited(endpoint: Endpoint) -> Endpoint:
    """Mark an API endpoint as answering 429 (the OpenAPI document lists it)."""
    setattr(endpoint, RATE_LIMITED_ATTRIBUTE, True)
    return endpoint


def per_client(request: Request, what: str) -> Limit:
    """The per-client limit on `what` (requests, codes, checks), from the settings."""
    allowance = request.app.state.settings.rate_limit_per_client
    return Limit(f"{what}/client", allowance * (3 if what == "checks" else 1), HOUR)


def client_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _take(request: Request, *counters: tuple[Limit, str]) -> None:
    ledger, now = request.app.state.ledger, request.app.state.settings.now()
    for limit, value in counters:
        verdict = take(ledger, limit, value, now)
        if not verdict.allowed:
            raise RateLimited(f"{limit.name}: too many attempts",
                              verdict.retry_after_seconds)


def before_request(request: Request, email: str) -> None:
    """A new request (which e-mails a code) for `email`; raises RateLimited."""
    _take(request, (per_client(request, "requests"), client_of(request)),
          (CODES_PER_ADDRESS, email))


def before_code(request: Request, email: str) -> None:
    """Another code e-mailed to `email`; raises RateLimited."""
    _take(request, (per_client(request, "codes"), client_of(request)),
          (CODES_PER_ADDRESS, email))


def before_check(request: Request, email: str) -> None:
    """A code checked for a request of `email`; raises RateLimited."""
    _take(request, (per_client(request, "checks"), client_of(request)),
          (CHECKS_PER_ADDRESS, email))


def message(lang: str, exc: RateLimited) -> str:
    """What the person reads, in the page's language."""
    return tr(lang, TOO_MANY, minutes=max(1, -(-exc.retry_after_seconds // 60)))
