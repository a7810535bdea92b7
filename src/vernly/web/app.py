"""The web app factory: public privacy centre, JSON API and console on one ASGI app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from vernly import __version__
from vernly.ledger.db import Ledger
from vernly.policy.loader import load_policy
from vernly.settings import Settings
from vernly.web import access_log, api_contract
from vernly.web.errors import install_error_handlers
from vernly.web.input_limits import MAX_BODY_BYTES
from vernly.web.request_retries import retry_lifespan
from vernly.web.retention_schedule import sweep_lifespan
from vernly.web.security_headers import SecurityHeaders


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The periodic work `vernly serve` does: retention sweeps and request retries."""
    async with sweep_lifespan(app), retry_lifespan(app):
        yield


def create_app(settings: Settings) -> FastAPI:
    """Build the app for one workspace; settings are passed in, never read at import."""
    app = FastAPI(title="vernly", version=__version__,
                  description="Privacy operations API: requests, consent, retention, policy.",
                  lifespan=lifespan)
    app.state.settings = settings
    app.state.policy = load_policy(settings.policy_path)
    app.state.ledger = Ledger(settings.database_url)
    install_error_handlers(app)
    api_contract.install(app)
    app.add_middleware(api_contract.BodyLimit, limit=MAX_BODY_BYTES)
    app.add_middleware(SecurityHeaders)
    _include_routers(app)
    access_log.install(app)
    return app


def _include_routers(app: FastAPI) -> None:
    # One router per domain, each in its own module.
    from vernly.web import health

    app.include_router(health.router)
    from vernly.web import api_operators, auth, console, notice_pages

    auth.install(app)
    for own_router in (notice_pages.router, console.router, api_operators.router):
        app.include_router(own_router)
    from vernly.web import api_consent, api_decision, centre, centre_cookies, consent_assets

    for consent_router in (consent_assets.router, api_consent.router, api_decision.router,
                           centre.router, centre_cookies.router):
        app.include_router(consent_router)
    from vernly.web import api_requests

    app.include_router(api_requests.router)
    from vernly.web import console_requests

    app.include_router(console_requests.router)
    from vernly.web import api_retention, console_retention

    app.include_router(api_retention.router)
    app.include_router(console_retention.router)
