"""The forms vernly hosts, as pages: `/skjema/{form}` (nb), `/en/forms/{form}` (en) and the
front desk's kiosk, `/kiosk` and `/en/kiosk` (large touch targets, for a tablet).

Plain HTML forms (no script needed), CSRF-protected; a refused submission shows the page
again with each wrong field marked and the values kept, with status 422 (429 past the
per-client limit).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from vernly.engine.forms import service
from vernly.engine.forms.validation import CONSENT, HONEYPOT, FormProblems
from vernly.engine.forms.visitors import kiosk_form
from vernly.errors import NotFound, RateLimited
from vernly.policy.models import Form
from vernly.web import csrf
from vernly.web.centre_common import templates
from vernly.web.forms_common import bounded_body, client_of, form_store

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).parent / "static" / "forms"
PAGES = {"nb": "/skjema/", "en": "/en/forms/"}
KIOSK = {"nb": "/kiosk", "en": "/en/kiosk"}


def _kiosk_form(request: Request) -> Form:
    return kiosk_form(request.app.state.policy.policy)


def _page(request: Request, lang: str, form: Form, *, kiosk: bool, values: dict[str, Any],
          problems: dict[str, str] | None = None, done: bool = False, limited: bool = False,
          status_code: int = 200) -> HTMLResponse:
    other = "en" if lang == "nb" else "nb"
    twin = KIOSK[other] if kiosk else PAGES[other] + form.id
    response = templates(lang).TemplateResponse(request, "forms/page.html", {
        "lang": lang, "form": form, "policy": request.app.state.policy.policy,
        "kiosk": kiosk, "values": values, "problems": problems or {}, "done": done,
        "limited": limited, "twin": twin, "action": request.url.path,
        "csrf_token": csrf.token_for(request), "honeypot": HONEYPOT, "consent": CONSENT,
        "notice": "/en/privacy" if lang == "en" else "/personvern",
    }, status_code=status_code)
    csrf.set_cookie(request, response)
    response.headers["Cache-Control"] = "no-store"
    return response


async def _post(request: Request, lang: str, form: Form, *, kiosk: bool) -> HTMLResponse:
    body = await bounded_body(request)
    fields = {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace"),
                                            keep_blank_values=True).items()}
    csrf.check(request, fields.pop("csrf_token", ""))
    app = request.app
    try:
        await run_in_threadpool(
            service.submit, app.state.ledger, form_store(request), app.state.settings,
            app.state.policy.policy, form.id, fields, client=client_of(request), lang=lang)
    except FormProblems as exc:
        return _page(request, lang, form, kiosk=kiosk, values=fields, problems=exc.fields,
                     status_code=422)
    except RateLimited as exc:
        response = _page(request, lang, form, kiosk=kiosk, values=fields, limited=True,
                         status_code=429)
        response.headers["Retry-After"] = str(exc.retry_after_seconds)
        return response
    return _page(request, lang, form, kiosk=kiosk, values={}, done=True)


def _form(request: Request, form_id: str) -> Form:
    return service.find_form(request.app.state.policy.policy, form_id)


@router.get("/skjema/{form_id}", response_class=HTMLResponse)
def page_nb(request: Request, form_id: str) -> HTMLResponse:
    return _page(request, "nb", _form(request, form_id), kiosk=False, values={})


@router.get("/en/forms/{form_id}", response_class=HTMLResponse)
def page_en(request: Request, form_id: str) -> HTMLResponse:
    return _page(request, "en", _form(request, form_id), kiosk=False, values={})


@router.post("/skjema/{form_id}", response_class=HTMLResponse)
async def post_nb(request: Request, form_id: str) -> HTMLResponse:
    return await _post(request, "nb", _form(request, form_id), kiosk=False)


@router.post("/en/forms/{form_id}", response_class=HTMLResponse)
async def post_en(request: Request, form_id: str) -> HTMLResponse:
    return await _post(request, "en", _form(request, form_id), kiosk=False)


@router.get("/kiosk", response_class=HTMLResponse)
def kiosk_nb(request: Request) -> HTMLResponse:
    return _page(request, "nb", _kiosk_form(request), kiosk=True, values={})


@router.get("/en/kiosk", response_class=HTMLResponse)
def kiosk_en(request: Request) -> HTMLResponse:
    return _page(request, "en", _kiosk_form(request), kiosk=True, values={})


@router.post("/kiosk", response_class=HTMLResponse)
async def kiosk_post_nb(request: Request) -> HTMLResponse:
    return await _post(request, "nb", _kiosk_form(request), kiosk=True)


@router.post("/en/kiosk", response_class=HTMLResponse)
async def kiosk_post_en(request: Request) -> HTMLResponse:
    return await _post(request, "en", _kiosk_form(request), kiosk=True)


@router.get("/forms/{name}.css")
def stylesheet(name: str) -> Response:
    if name not in ("forms", "visitors"):
        raise NotFound(f"no stylesheet {name}.css")
    return FileResponse(STATIC / f"{name}.css", media_type="text/css",
                        headers={"Cache-Control": "public, max-age=3600"})
