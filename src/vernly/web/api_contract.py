"""What the API answers when it says no, and an OpenAPI document that says so.

Every error is one JSON shape, `ErrorBody` (`{"error": "...", "detail": "one line"}`):
vernly's own errors, validation (422, naming the fields but never echoing the input, so a
non-finite number or a 10 MB string cannot break or bloat the answer), unknown paths (404),
wrong methods (405, with `Allow` listing every method the path has), bodies over the limit
(413). The OpenAPI document lists, per operation, the statuses it can answer with that
shape: 401/403 where an operator is required, 404 where a path names something, 409 for
actions, 413 and 422 where there is input, 429 where a rate limit applies, and 503 (a
ledger fault) everywhere.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, Field
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vernly.errors import RateLimited

PHRASES = {400: "BadRequest", 401: "NotAuthenticated", 403: "PermissionDenied",
           404: "NotFound", 405: "MethodNotAllowed", 409: "Conflict",
           413: "PayloadTooLarge", 422: "InvalidInput", 429: "TooManyRequests",
           503: "LedgerUnavailable"}
DESCRIPTIONS = {401: "No operator signed in (Bearer token or console session).",
                403: "The operator's role may not do this.",
                404: "Nothing with this id or link.",
                409: "Not allowed in the current state.",
                413: "The body is larger than the limit.",
                422: "The input is not valid; the detail names the field.",
                429: "Too many attempts; try again after Retry-After seconds.",
                503: "The ledger cannot be used right now (read-only, full, unreachable)."}
RATE_LIMITED_ATTRIBUTE = "vernly_rate_limited"
"""Set on an endpoint function that answers 429 when its rate limit is reached."""


class ErrorBody(BaseModel):
    """Every error the API answers with."""

    error: str = Field(description="The kind of error, such as InvalidInput or NotFound.")
    detail: str = Field(description="One line saying where and what.")


def error_response(status: int, detail: str, headers: dict[str, str] | None = None,
                   error: str | None = None) -> JSONResponse:
    return JSONResponse({"error": error or PHRASES.get(status, "Error"), "detail": detail},
                        status_code=status, headers=headers)


def _where(location: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in location) or "body"


async def _invalid(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # Only where and what: echoing the input could hold NaN (not JSON) or megabytes.
    lines = [f"{_where(tuple(e.get('loc', ())))}: {e.get('msg', 'invalid')}"
             for e in exc.errors()[:5]]
    return error_response(422, "; ".join(lines).replace("\n", " "))


def allowed_methods(request: Request) -> list[str]:
    """Every method the routes of this path answer (Starlette's 405 names only one route's).

    The path's own template wins over one with parameters that also matches it
    (`/consent/verified` over `/consent/{record_id}`), as in the OpenAPI document."""
    by_template: dict[str, set[str]] = {}
    for context in iter_route_contexts(request.app.routes):
        match, _ = context.route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE and context.methods and context.path:
            by_template.setdefault(context.path, set()).update(context.methods)
    if not by_template:
        return []
    own = min(by_template, key=lambda template: template.count("{"))
    return sorted(by_template[own])


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    if exc.status_code == 400:
        # FastAPI's answer to a body that is not UTF-8 JSON: bad input like any other.
        return error_response(422, "body: not readable as UTF-8 JSON")
    detail = exc.detail if isinstance(exc.detail, str) else PHRASES.get(exc.status_code, "")
    return error_response(exc.status_code, detail, headers)


def _statuses(route: APIRoute, method: str) -> list[int]:
    statuses = [404] if "{" in route.path_format else []
    if _needs_operator(route):
        statuses += [401, 403]
    if method != "GET" and "{" in route.path_format:
        statuses.append(409)
    if route.body_field is not None:
        statuses += [413, 422]
    elif route.dependant.query_params or route.dependant.path_params:
        statuses.append(422)
    if getattr(route.endpoint, RATE_LIMITED_ATTRIBUTE, False):
        statuses.append(429)
    # Any operation may meet a ledger fault (LedgerUnavailable), answered 503 until it goes.
    statuses.append(503)
    return sorted(set(statuses))


def _needs_operator(route: APIRoute) -> bool:
    pending = list(route.dependant.dependencies)
    while pending:
        dependency = pending.pop()
        if getattr(dependency.call, "__name__", "") == "operator_dependency":
            return True
        pending.extend(dependency.dependencies)
    return False


def _document_errors(app: FastAPI, schema: dict[str, Any]) -> None:
    schema.setdefault("components", {}).setdefault("schemas", {})["ErrorBody"] = \
        ErrorBody.model_json_schema()
    error = {"content": {"application/json": {"schema": {
        "$ref": "#/components/schemas/ErrorBody"}}}}
    for context in iter_route_contexts(app.routes):
        route = context.route
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        for method in route.methods or ():
            operation = schema["paths"].get(route.path_format, {}).get(method.lower())
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            for status in _statuses(route, method):
                responses[str(status)] = {"description": DESCRIPTIONS[status], **error}
                if status == 429:
                    responses[str(status)]["headers"] = {"Retry-After": {
                        "description": "Seconds to wait.", "schema": {"type": "integer"}}}
    for name in ("HTTPValidationError", "ValidationError"):
        schema["components"]["schemas"].pop(name, None)


async def _rate_limited(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RateLimited)
    seconds = str(exc.retry_after_seconds)
    return error_response(429, f"too many attempts: try again in {seconds} seconds",
                          {"Retry-After": seconds}, error="RateLimited")


def install(app: FastAPI) -> None:
    """The error handlers, and an OpenAPI document that lists their answers."""
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(RateLimited, _rate_limited)
    app.add_exception_handler(StarletteHTTPException, _http_error)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version,
                                 description=app.description, routes=app.routes)
            _document_errors(app, schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


class BodyLimit:
    """ASGI middleware: a body over `limit` bytes is a 413 before anything reads it all.

    A declared Content-Length over the limit is refused at once; a body sent without one
    is counted as it arrives and refused when it passes the limit. (FastAPI's own limit
    answers in plain text, outside the security headers.)
    """

    def __init__(self, app: ASGIApp, limit: int, uploads: tuple[str, ...] = (),
                 upload_limit: int = 0) -> None:
        self.app = app
        self.limit = limit
        self.uploads, self.upload_limit = uploads, upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Files a processor returned are attached on a few paths only; they may be larger.
        uploading = str(scope.get("path", "")).startswith(self.uploads) if self.uploads else False
        limit = self.upload_limit if uploading else self.limit
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(limit, scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise StarletteHTTPException(413, self._detail(limit))
            return message

        await self.app(scope, counted, send)

    @staticmethod
    def _detail(limit: int) -> str:
        return f"body: larger than {limit // 1024} KiB"

    async def _refuse(self, limit: int, scope: Scope, receive: Receive, send: Send) -> None:
        await error_response(413, self._detail(limit), {"Connection": "close"})(
            scope, receive, send)
