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
from vernly.web.courier import courier_lifespan
from vernly.web.errors import install_error_handlers
from vernly.web.input_limits import MAX_BODY_BYTES, MAX_UPLOAD_BYTES, UPLOAD_PATHS
from vernly.web.job_queue import queue_lifespan, startup_steps
from vernly.web.request_retries import retry_lifespan
from vernly.web.retention_schedule import sweep_lifespan
from vernly.web.security_headers import SecurityHeaders


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The periodic work `vernly serve` does: retention sweeps, request retries and messages
    (on a PostgreSQL ledger: jobs on the task queue, `web/job_queue.py`)."""
    if app.state.settings.on_postgresql:
        async with queue_lifespan(app):  # the courier is a job there (messaging/jobs.py)
            yield
        return
    async with sweep_lifespan(app), retry_lifespan(app), courier_lifespan(app):
        yield


def create_app(settings: Settings) -> FastAPI:
    """Build the app for one workspace; settings are passed in, never read at import."""
    app = FastAPI(title="vernly", version=__version__,
                  description="Privacy operations API: requests, consent, retention, policy.",
                  lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.policy = load_policy(settings.policy_path)
    app.state.ledger = Ledger(settings.database_url, secret_key=settings.secret_key,
                              also=startup_steps(settings))
    install_error_handlers(app)
    api_contract.install(app)
    app.add_middleware(api_contract.BodyLimit, limit=MAX_BODY_BYTES, uploads=UPLOAD_PATHS,
                       upload_limit=MAX_UPLOAD_BYTES)
    app.add_middleware(SecurityHeaders)
    _include_routers(app)
    access_log.install(app)
    return app


def _include_routers(app: FastAPI) -> None:
    # One router per domain, each in its own module.
    from vernly.web import api_consent, health

    app.include_router(health.router)
    app.include_router(api_consent.router)  # early: routes are matched in order, per request
    from vernly.web import api_operators, auth, console, notice_pages

    auth.install(app)
    for own_router in (notice_pages.router, console.router, api_operators.router):
        app.include_router(own_router)
    from vernly.web import console_account, console_signin, console_users, oidc

    for account_router in (console_signin.router, oidc.router, console_account.router,
                           console_users.router):
        app.include_router(account_router)
    from vernly.web import api_decision, centre, centre_cookies, consent_assets

    for consent_router in (consent_assets.router, api_decision.router,
                           centre.router, centre_cookies.router):
        app.include_router(consent_router)
    from vernly.web import api_requests

    app.include_router(api_requests.router)
    from vernly.web import console_requests

    app.include_router(console_requests.router)
    from vernly.web import api_retention, console_retention

    app.include_router(api_retention.router)
    app.include_router(console_retention.router)
    from vernly.web import api_answers, api_docs, console_answers, demo_outbox

    app.include_router(demo_outbox.router)

    app.include_router(api_answers.router)
    app.include_router(console_answers.router)
    from vernly.web import console_visitors, forms_api, forms_pages

    for forms_router in (forms_api.router, forms_pages.router, console_visitors.router):
        app.include_router(forms_router)
    from vernly.web import console_audit

    app.include_router(console_audit.router)
    from vernly.web import console_datamap

    app.include_router(console_datamap.router)
    from vernly.web import console_consent

    app.include_router(console_consent.router)

    api_docs.install(app)
