"""What the privacy centre's pages share: the layout, the language, the banner's cookie.

The banner and the no-JavaScript forms keep the same first-party cookie
(`vernly_consent`: record id, notice version, choices, method, time in ms), so a choice
made in either is seen by both.
"""

from __future__ import annotations

import fnmatch
import functools
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from vernly.engine.consent.catalogue import CONSENT_COOKIE, Catalogue
from vernly.notices.i18n import install_translations
from vernly.policy.loader import LoadedPolicy
from vernly.policy.models import Policy
from vernly.web import csrf
from vernly.web.centre_text import PATHS
from vernly.web.consent_assets import asset, catalogue_of, config_for
from vernly.web.consent_config import MAX_AGE_SECONDS

TEMPLATE_DIR = Path(__file__).parent / "templates"


@functools.cache
def templates(lang: str) -> Jinja2Templates:
    """The pages' templates with `_()`/`pgettext()` bound to `lang`'s catalogue."""
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape())
    return Jinja2Templates(env=install_translations(env, lang))


def twin(path: str, lang: str) -> str:
    """The same page in the other language."""
    other = "en" if lang == "nb" else "nb"
    for key, value in sorted(PATHS[lang].items(), key=lambda kv: -len(kv[1])):
        if path == value or path.startswith(value + "/"):
            rest = path[len(value):]
            return PATHS[other][key] + ("" if key in ("status",) and not rest else rest)
    return PATHS[other]["centre"]


def brand(policy: Policy) -> dict[str, str]:
    """The centre's name, logo and colours from the policy's optional `branding`."""
    branding = policy.branding
    return {"brand_name": (branding and branding.name) or policy.controller.name,
            "brand_logo": (branding and branding.logo_url) or "",
            "brand_colour": (branding and branding.colour) or "#0b3d75",
            "brand_accent": (branding and branding.accent) or "#c25400"}


def render(request: Request, lang: str, name: str, status_code: int = 200,
           **context: Any) -> HTMLResponse:
    loaded: LoadedPolicy = request.app.state.policy
    response = templates(lang).TemplateResponse(request, f"centre/{name}", {
        "lang": lang, "paths": PATHS[lang], "policy": loaded.policy,
        "twin": twin(request.url.path, lang), "csrf_token": csrf.token_for(request),
        "banner_config": config_for(request, lang),
        "banner_js_v": asset("banner.js").etag.strip('"'),
        "banner_css_v": asset("banner.css").etag.strip('"'),
        "demo_outbox": request.app.state.settings.demo_outbox,
        **brand(loaded.policy),
        **context,
    }, status_code=status_code)
    csrf.set_cookie(request, response)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def read_consent_cookie(request: Request) -> dict[str, Any] | None:
    raw = request.cookies.get(CONSENT_COOKIE)
    if not raw:
        return None
    try:
        value = json.loads(unquote(raw))
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def write_consent_cookie(request: Request, response: Response, record_id: str, version: str,
                         decisions: dict[str, bool], services: dict[str, bool],
                         method: str) -> None:
    value = {"r": record_id, "v": version, "c": decisions, "s": services, "m": method,
             "t": int(time.time() * 1000)}
    # Same encoding as the banner's encodeURIComponent(JSON.stringify(...)).
    encoded = quote(json.dumps(value, separators=(",", ":")), safe="!'()*-._~")
    response.set_cookie(CONSENT_COOKIE, encoded, max_age=MAX_AGE_SECONDS, path="/",
                        samesite="lax", secure=request.url.scheme == "https")


def delete_refused_cookies(request: Request, response: Response, catalogue: Catalogue,
                           decisions: dict[str, bool], services: dict[str, bool]) -> list[str]:
    """Expire every cookie the browser sent that belongs to a refused category or service,
    on the host and its parent domains (where analytics tags usually set them)."""
    host = request.url.hostname or ""
    parts = host.split(".")
    domains: list[str | None] = [None] + [
        "." + ".".join(parts[i:]) for i in range(len(parts) - 1)
        if not host.replace(".", "").isdigit()]
    deleted: list[str] = []
    for category in catalogue.optional:
        for cookie in category.cookies:
            allowed = decisions.get(category.id) and services.get(cookie.service or "", True)
            if allowed:
                continue
            for name in request.cookies:
                if name == cookie.name or (cookie.pattern and fnmatch.fnmatchcase(
                        name, cookie.pattern)):
                    for domain in domains:
                        response.delete_cookie(name, path="/", domain=domain)
                    deleted.append(name)
    return deleted


def catalogue(request: Request) -> Catalogue:
    return catalogue_of(request)
