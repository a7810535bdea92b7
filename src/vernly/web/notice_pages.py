"""The public privacy notice: `/personvern` (bokmål) and `/en/privacy` (English).

Rendered from the policy the app was started with, once per language and format, and served
with `Content-Language`, an ETag and links to the other language.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any

from fastapi import APIRouter, Request, Response

from vernly.notices.render import render_notice
from vernly.policy.loader import LoadedPolicy
from vernly.web.security_headers import inline_style_hashes

router = APIRouter(include_in_schema=False)
NOTICE_PATHS = {"nb": "/personvern", "en": "/en/privacy"}
_MEDIA = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8"}
_lock = threading.Lock()


def _site(loaded: LoadedPolicy, lang: str) -> dict[str, Any]:
    """Where the served notice leads: the centre, the cookie settings, each right's form."""
    from vernly.web.centre_text import PATHS, RIGHT_SLUGS, rights_in

    paths = PATHS[lang]
    return {"centre": paths["centre"], "cookies": paths["cookies"],
            "rights": [(title, f"{paths['rights']}/{RIGHT_SLUGS[lang][kind]}")
                       for kind, (title, _) in rights_in(lang, loaded.policy).items()]}


def _rendered(request: Request, lang: str, fmt: str) -> tuple[str, str, list[str]]:
    cache: dict[tuple[str, str], tuple[str, str, list[str]]] | None = getattr(
        request.app.state, "notice_cache", None)
    if cache is None:
        with _lock:
            cache = getattr(request.app.state, "notice_cache", None)
            if cache is None:
                cache = {}
                request.app.state.notice_cache = cache
    key = (lang, fmt)
    if key not in cache:
        loaded: LoadedPolicy = request.app.state.policy
        body = render_notice(loaded, lang, fmt, alternates=dict(NOTICE_PATHS),
                             site=_site(loaded, lang) if fmt == "html" else None)
        # The notice is also a standalone file with its own <style>: the CSP allows it by hash.
        cache[key] = (body, '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"',
                      inline_style_hashes(body) if fmt == "html" else [])
    return cache[key]


def _serve(request: Request, lang: str, fmt: str) -> Response:
    body, etag, style_hashes = _rendered(request, lang, fmt)
    request.state.csp_hashes.extend(style_hashes)
    headers = {"Content-Language": lang, "ETag": etag, "Cache-Control": "public, max-age=300",
               "Vary": "Accept-Encoding"}
    if fmt == "html":
        other = "en" if lang == "nb" else "nb"
        headers["Link"] = f'<{NOTICE_PATHS[other]}>; rel="alternate"; hreflang="{other}"'
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=_MEDIA[fmt], headers=headers)


@router.get("/personvern")
def notice_nb(request: Request) -> Response:
    return _serve(request, "nb", "html")


@router.get("/en/privacy")
def notice_en(request: Request) -> Response:
    return _serve(request, "en", "html")


@router.get("/personvern.md")
def notice_nb_markdown(request: Request) -> Response:
    return _serve(request, "nb", "md")


@router.get("/en/privacy.md")
def notice_en_markdown(request: Request) -> Response:
    return _serve(request, "en", "md")
