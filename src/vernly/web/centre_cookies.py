"""The centre's cookie settings and consent pages: the banner's choices without JavaScript,
and withdrawal in one click.

Both write the same ledger record and the same first-party cookie as the banner; cookies of
a refused or withdrawn category that the browser sent are expired in the same response. The
handlers check the form and call one `engine.consent.centre` function each; the engine opens
the ledger and decides whether the cookie's record is one it knows.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from vernly.engine.consent import centre
from vernly.engine.consent.service import Choice
from vernly.errors import PermissionDenied
from vernly.policy.models import RightKind
from vernly.web import csrf
from vernly.web.api_consent import gpc_header
from vernly.web.centre_common import (
    catalogue,
    delete_refused_cookies,
    read_consent_cookie,
    render,
    write_consent_cookie,
)
from vernly.web.centre_text import PATHS, RIGHT_SLUGS

router = APIRouter(include_in_schema=False)


def _record_in(cookie: dict[str, Any]) -> str | None:
    rid = cookie.get("r")
    return rid if isinstance(rid, str) else None


def _cookie_record(request: Request) -> str | None:
    """The record id the browser's consent cookie names, as it came (the engine decides
    whether it is a browser record it knows)."""
    return _record_in(read_consent_cookie(request) or {})


def _current(request: Request) -> tuple[dict[str, bool], dict[str, bool]]:
    """Choices in force for this browser: from the ledger when its record is known, else
    what the browser's own cookie says."""
    cookie = read_consent_cookie(request) or {}
    known = centre.browser_choices(request.app.state.ledger, _record_in(cookie))
    if known.record_id:
        return known.decisions, known.services
    raw_c, raw_s = cookie.get("c"), cookie.get("s")
    decisions: dict[str, Any] = raw_c if isinstance(raw_c, dict) else {}
    services: dict[str, Any] = raw_s if isinstance(raw_s, dict) else {}
    return ({k: bool(v) for k, v in decisions.items()},
            {k: bool(v) for k, v in services.items()})


def cookies_page(request: Request, lang: str, saved: bool = False,
                 status_code: int = 200) -> HTMLResponse:
    cat = catalogue(request)
    decisions, services = _current(request)
    names = {s.id: s.name for c in cat.categories for s in c.services}
    return render(request, lang, "cookies.html", status_code=status_code, active="cookies",
                  categories=cat.categories, current=decisions, services=services,
                  service_names=names, saved=saved or request.query_params.get("saved") == "1",
                  gpc=gpc_header(request))


def cookies_submit(request: Request, lang: str, data: FormData) -> Response:
    try:
        csrf.check(request, str(data.get("csrf_token") or ""))
    except PermissionDenied:
        return cookies_page(request, lang, status_code=403)
    cat = catalogue(request)
    action = str(data.get("action") or "save")
    ticked = {str(v) for v in data.getlist("category")}
    ticked_services = {str(v) for v in data.getlist("service")}
    decisions = {c.id: (action == "all") or (action == "save" and c.id in ticked)
                 for c in cat.optional}
    chosen_services = {s.id: action == "all" or s.id in ticked_services
                       for c in cat.optional for s in c.services
                       if decisions[c.id] and action != "none"}
    saved = centre.save_choice(request.app.state.ledger, request.app.state.settings, cat,
                               Choice(decisions=decisions, services=chosen_services,
                                      method="form", record_id=_cookie_record(request),
                                      language=lang,
                                      user_agent=request.headers.get("user-agent"),
                                      gpc=gpc_header(request)))
    assert saved.record_id is not None  # a saved choice always has its record
    response = RedirectResponse(f"{PATHS[lang]['cookies']}?saved=1", status_code=303)
    write_consent_cookie(request, response, saved.record_id, cat.notice_version,
                         saved.decisions, saved.services, "form")
    delete_refused_cookies(request, response, cat, saved.decisions, saved.services)
    return response


def consent_page(request: Request, lang: str, status_code: int = 200) -> HTMLResponse:
    cat = catalogue(request)
    found = centre.consent_states(request.app.state.ledger, request.app.state.settings, cat,
                                  _cookie_record(request))
    names = {c.id: c.name.get(lang) for c in cat.categories}
    return render(request, lang, "consent.html", status_code=status_code, active="consent",
                  state=found.states, record_id=found.record_id, names=names,
                  any_given=found.any_given,
                  withdrawn=request.query_params.get("withdrawn") == "1",
                  consentable=list(cat.consent_activities.values()),
                  withdraw_url=f"{PATHS[lang]['rights']}/"
                               f"{RIGHT_SLUGS[lang][RightKind.withdraw_consent]}")


def consent_withdraw(request: Request, lang: str, data: FormData) -> Response:
    try:
        csrf.check(request, str(data.get("csrf_token") or ""))
    except PermissionDenied:
        return consent_page(request, lang, status_code=403)
    cat = catalogue(request)
    done = centre.withdraw_all(request.app.state.ledger, request.app.state.settings, cat,
                               _cookie_record(request),
                               user_agent=request.headers.get("user-agent"))
    response = RedirectResponse(f"{PATHS[lang]['consent']}?withdrawn=1", status_code=303)
    if done.record_id is None:
        return response
    write_consent_cookie(request, response, done.record_id, done.notice_version or
                         cat.notice_version, done.decisions, done.services, "form")
    delete_refused_cookies(request, response, cat, done.decisions, done.services)
    return response


def _bind(func: Any, lang: str, post: bool) -> Any:
    async def endpoint(request: Request) -> Response:
        args: list[Any] = [request, lang]
        if post:
            args.append(await request.form())
        response: Response = await run_in_threadpool(func, *args)
        return response
    return endpoint


for _lang in ("nb", "en"):
    router.add_api_route(PATHS[_lang]["cookies"], _bind(cookies_page, _lang, False),
                         methods=["GET"])
    router.add_api_route(PATHS[_lang]["cookies"], _bind(cookies_submit, _lang, True),
                         methods=["POST"])
    router.add_api_route(PATHS[_lang]["consent"], _bind(consent_page, _lang, False),
                         methods=["GET"])
    router.add_api_route(PATHS[_lang]["consent"], _bind(consent_withdraw, _lang, True),
                         methods=["POST"])
