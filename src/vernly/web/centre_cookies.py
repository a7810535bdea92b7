"""The centre's cookie settings and consent pages: the banner's choices without JavaScript,
and withdrawal in one click.

Both write the same ledger record and the same first-party cookie as the banner; cookies of
a refused or withdrawn category that the browser sent are expired in the same response.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from vernly.engine.consent import receipt, service
from vernly.errors import InvalidInput, NotFound, PermissionDenied
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


def _current(request: Request) -> tuple[dict[str, bool], dict[str, bool], str | None]:
    """Choices in force for this browser: from the ledger when its record is known."""
    cookie = read_consent_cookie(request) or {}
    rid = cookie.get("r") if isinstance(cookie.get("r"), str) else None
    if rid:
        try:
            with request.app.state.ledger.session() as session:
                record = service.get_record(session, rid)
                if record.subject_type == "browser":
                    return dict(record.decisions), dict(record.services), record.id
        except (NotFound, InvalidInput):
            pass
    raw_c, raw_s = cookie.get("c"), cookie.get("s")
    decisions: dict[str, Any] = raw_c if isinstance(raw_c, dict) else {}
    services: dict[str, Any] = raw_s if isinstance(raw_s, dict) else {}
    return ({k: bool(v) for k, v in decisions.items()},
            {k: bool(v) for k, v in services.items()}, None)


def cookies_page(request: Request, lang: str, saved: bool = False,
                 status_code: int = 200) -> HTMLResponse:
    cat = catalogue(request)
    decisions, services, _ = _current(request)
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
    _, _, rid = _current(request)
    settings = request.app.state.settings
    with request.app.state.ledger.session() as session:
        result = service.record_choice(session, cat, service.Choice(
            decisions=decisions, services=chosen_services, method="form", record_id=rid,
            language=lang, user_agent=request.headers.get("user-agent"),
            gpc=gpc_header(request)), now=settings.now(), ua_key=settings.secret_key)
        record = result.record
        final, final_services = dict(record.decisions), dict(record.services)
    response = RedirectResponse(f"{PATHS[lang]['cookies']}?saved=1", status_code=303)
    write_consent_cookie(request, response, record.id, cat.notice_version, final,
                         final_services, "form")
    delete_refused_cookies(request, response, cat, final, final_services)
    return response


def consent_page(request: Request, lang: str, status_code: int = 200) -> HTMLResponse:
    cat = catalogue(request)
    _, _, rid = _current(request)
    state: dict[str, Any] = {}
    if rid:
        with request.app.state.ledger.session() as session:
            record = service.get_record(session, rid)
            state = receipt.purpose_states(record, service.history(session, rid), cat,
                                           request.app.state.settings.now())
    names = {c.id: c.name.get(lang) for c in cat.categories}
    return render(request, lang, "consent.html", status_code=status_code, active="consent",
                  state=state, record_id=rid, names=names,
                  any_given=any(s["status"] == "given" for s in state.values()),
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
    _, _, rid = _current(request)
    response = RedirectResponse(f"{PATHS[lang]['consent']}?withdrawn=1", status_code=303)
    if rid is None:
        return response
    settings = request.app.state.settings
    with request.app.state.ledger.session() as session:
        result = service.withdraw(session, cat, rid, method="form", now=settings.now(),
                                  ua_key=settings.secret_key,
                                  user_agent=request.headers.get("user-agent"))
        final, final_services = dict(result.record.decisions), dict(result.record.services)
    write_consent_cookie(request, response, rid, result.record.notice_version, final,
                         final_services, "form")
    delete_refused_cookies(request, response, cat, final, final_services)
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
