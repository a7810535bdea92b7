"""The public pages of the app, found from its routes: every GET page without a parameter
that is not the API, the console, the API docs or an asset, plus each right's form and a
request's status page in both languages."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import Route

from vernly.web.centre_text import PATHS, RIGHT_SLUGS

NOT_PUBLIC = ("/api", "/console", "/docs", "/openapi", "/consent/", "/.well-known", "/healthz",
              "/readyz", "/redoc", "/test/", "/forms", "/f/")


def _routes(routes: list[Any]) -> list[Any]:
    """Routes with their included routers' routes flattened (FastAPI keeps those apart)."""
    out: list[Any] = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        out += _routes(list(inner.routes)) if inner is not None else [route]
    return out


def public_pages(app: FastAPI) -> list[str]:
    found: list[str] = []
    for route in _routes(list(app.routes)):
        if not isinstance(route, APIRoute | Route) or "GET" not in (route.methods or set()):
            continue
        path = route.path
        if "{" in path or path.endswith(".md") or path.startswith(NOT_PUBLIC):
            continue
        found.append(path)
    for lang, slugs in RIGHT_SLUGS.items():
        found += [f"{PATHS[lang]['rights']}/{slug}" for slug in slugs.values()]
    return sorted(set(found))
