"""`POST /api/v1/forms/{form}`: a submission as JSON, for sites that render their own form.

201 with the submission id; 422 naming undeclared or wrong fields; 429 with Retry-After
past the per-client limit; 413 past the size limit.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from vernly.engine.forms import service
from vernly.errors import InvalidInput, RateLimited
from vernly.web.forms_common import bounded_body, client_of, form_store

router = APIRouter(prefix="/api/v1/forms", tags=["forms"])


def rate_limited(exc: RateLimited) -> JSONResponse:
    return JSONResponse({"error": "RateLimited", "detail": str(exc)}, status_code=429,
                        headers={"Retry-After": str(exc.retry_after_seconds)})


@router.post("/{form_id}", status_code=201, responses={
    422: {"description": "a field the form does not declare, or a wrong value"},
    429: {"description": "too many submissions from this client"}})
async def submit(form_id: str, request: Request) -> JSONResponse:
    """Submit a form: only the fields the policy declares for it are accepted."""
    body = await bounded_body(request)
    try:
        raw: Any = json.loads(body or b"{}")
    except ValueError:
        raise InvalidInput("body: not JSON, expected an object of field values") from None
    if not isinstance(raw, dict):
        raise InvalidInput("body: expected a JSON object of field values")
    lang = "en" if raw.get("lang") == "en" else "nb"
    app = request.app
    try:
        accepted = await run_in_threadpool(
            service.submit, app.state.ledger, form_store(request), app.state.settings,
            app.state.policy.policy, form_id, raw, client=client_of(request), lang=lang)
    except RateLimited as exc:
        return rate_limited(exc)
    return JSONResponse({"form": accepted.form, "id": accepted.id}, status_code=201)
