"""The banner's files as served: code (JS, CSS) pre-gzipped once with an ETag, the
policy-generated configuration, and the GPC well-known resource.

The code is versioned by its hash: `/consent/banner.js?v=<etag>` may be cached for a year,
the bare URL for an hour, and both revalidate cheaply with If-None-Match.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from vernly.engine.consent.catalogue import Catalogue, build_catalogue
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings
from vernly.web.consent_config import banner_config
from vernly.web.deps import get_policy, get_settings

router = APIRouter()

_TYPES = {"js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8"}
BANNER_FILES = ("banner.js", "banner.css")


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes
    etag: str
    media_type: str


def _load(name: str) -> Asset:
    body = resources.files("vernly.web").joinpath("static", "consent", name).read_bytes()
    digest = hashlib.sha256(body).hexdigest()[:16]
    # mtime=0 keeps the gzip bytes (and so their size) identical from run to run.
    return Asset(body=body, gzipped=gzip.compress(body, compresslevel=9, mtime=0),
                 etag=f'"{digest}"', media_type=_TYPES[name.rsplit(".", 1)[1]])


_ASSETS = {name: _load(name) for name in BANNER_FILES}


def asset(name: str) -> Asset:
    return _ASSETS[name]


def catalogue_of(request: Request) -> Catalogue:
    """The consent catalogue of the app's policy, built once per app."""
    state = request.app.state
    loaded: LoadedPolicy = state.policy
    cached = getattr(state, "consent_catalogue", None)
    if cached is None or cached[0] is not loaded:
        cached = (loaded, build_catalogue(loaded.policy))
        state.consent_catalogue = cached
    catalogue: Catalogue = cached[1]
    return catalogue


def _serve(request: Request, item: Asset, *, cacheable: bool) -> Response:
    headers = {"ETag": item.etag, "Vary": "Accept-Encoding",
               "Cache-Control": "public, max-age=31536000, immutable" if cacheable
               else "public, max-age=3600",
               "X-Content-Type-Options": "nosniff"}
    if item.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(item.gzipped, media_type=item.media_type, headers=headers)
    return Response(item.body, media_type=item.media_type, headers=headers)


@router.get("/consent/banner.js", include_in_schema=False)
def banner_js(request: Request, v: str | None = None) -> Response:
    item = asset("banner.js")
    return _serve(request, item, cacheable=v == item.etag.strip('"'))


@router.get("/consent/banner.css", include_in_schema=False)
def banner_css(request: Request, v: str | None = None) -> Response:
    item = asset("banner.css")
    return _serve(request, item, cacheable=v == item.etag.strip('"'))


def config_for(request: Request, lang: str) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/")
    return banner_config(catalogue_of(request), lang, base + "/api/v1/consent", base)


@router.get("/consent/config.json", tags=["consent"])
def banner_configuration(request: Request, lang: str = "nb") -> Response:
    """The banner's categories, services, cookies and texts, generated from the policy."""
    body = json.dumps(config_for(request, lang), ensure_ascii=False,
                      separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=300", "Vary": "Accept-Encoding"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


@router.get("/.well-known/gpc.json", include_in_schema=False)
def gpc_json(settings: Settings = Depends(get_settings),
             loaded: LoadedPolicy = Depends(get_policy)) -> JSONResponse:
    """The GPC support resource: this site honours Global Privacy Control."""
    last = settings.env.get("VERNLY_GPC_LAST_UPDATE") or loaded.policy.notice.date.isoformat()
    return JSONResponse({"gpc": True, "lastUpdate": last},
                        headers={"Cache-Control": "public, max-age=86400"})
