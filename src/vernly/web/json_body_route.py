"""A route that validates its JSON body straight from the bytes, for the hottest endpoint.

FastAPI's handler, per request, parses the content type with `email.message`, decodes the
JSON into Python objects, validates those, and solves the dependencies, which builds the
query parameters, headers and cookies of every request whether the endpoint asks for them
or not. For `POST /api/v1/consent` that was as much CPU as the rest of the choice's handler.
`JsonBodyRoute` validates the body with pydantic-core from the bytes (one pass, in Rust)
and calls the endpoint itself, when the request is the common case: a JSON content type, a
body, and a body that validates. Anything else — another content type, no body, invalid
JSON, a value the model refuses — is handed to FastAPI's own handler, so every error
answer (422 with its detail, and the rest) is exactly the one FastAPI gives; the OpenAPI
document is built from the route as declared, so it does not change either.

Only for endpoints `async def f(<body>: Model, request: Request) -> Response` with no
dependencies (others are refused when the route is made). Where a router that includes it
adds dependencies, that inclusion gets FastAPI's handler alone: none is ever skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi import routing as fastapi_routing
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import TypeAdapter, ValidationError
from starlette.exceptions import HTTPException

JSON_TYPES = frozenset({"application/json", "application/json; charset=utf-8"})
"""Content types taken on the fast path (lower case); FastAPI's handler takes the others."""

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


class JsonBodyRoute(APIRoute):
    """An `APIRoute` whose valid JSON bodies skip FastAPI's parsing and dependencies."""

    def get_route_handler(self) -> Handler:
        # Called by `APIRoute.__init__` once the endpoint's dependant is known (and again for
        # each router that includes the route).
        fastapi_handler = super().get_route_handler()
        body_name, request_name, model = _body_and_request(self.dependant)
        if model is None:
            raise TypeError(f"{self.path}: JsonBodyRoute takes endpoints of a body and the "
                            "request only")
        if _body_and_request(_effective_dependant(self))[2] is None:
            return fastapi_handler  # a router added dependencies: FastAPI must solve them
        validate_json = TypeAdapter(model).validate_json
        endpoint = self.endpoint

        async def handler(request: Request) -> Response:
            if request.headers.get("content-type", "").lower() in JSON_TYPES:
                try:
                    raw = await request.body()  # kept on the request: FastAPI may read it again
                except HTTPException:
                    raise  # a body over the limit (413): FastAPI lets it through as well
                except Exception:
                    # A body that cannot be read (the client went away): FastAPI reads again
                    # and meets the same, and answers it its own way.
                    return await fastapi_handler(request)
                if raw:
                    try:
                        body = validate_json(raw)
                    except ValidationError:
                        return await fastapi_handler(request)  # its own 422, word for word
                    response: Response = await endpoint(**{body_name: body,
                                                           request_name: request})
                    return response
            return await fastapi_handler(request)

        return handler


def _effective_dependant(route: APIRoute) -> Dependant:
    """The route's dependant as the including router sees it: a router's own dependencies
    (an operator check, say) are added there, and the fast path must never skip them.
    FastAPI names that context only in a private variable; without it, the route's own."""
    context_var = getattr(fastapi_routing, "_effective_route_context_var", None)
    context = context_var.get() if context_var is not None else None
    if context is not None and getattr(context, "original_route", None) is route:
        dependant: Dependant = context.dependant
        return dependant
    return route.dependant


def _body_and_request(dependant: Dependant) -> tuple[str, str, Any]:
    """The names of the body and request parameters and the body's type, when the
    dependant has nothing else (else a None type)."""
    others = (dependant.dependencies, dependant.path_params, dependant.query_params,
              dependant.header_params, dependant.cookie_params)
    if len(dependant.body_params) != 1 or any(others) or not dependant.request_param_name:
        return "", "", None
    body = dependant.body_params[0]
    return body.name, dependant.request_param_name, body.field_info.annotation
