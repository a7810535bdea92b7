"""The public privacy centre: the hub, a form for each right, and the request status page.

Plain server-rendered HTML; every form is a POST with a CSRF token, followed by a redirect.
A rights request is verified by a code e-mailed to the address given, and the person follows
it on a page only they know the address of (`/personvern/status/{token}`). No answer here
depends on whether the person is in any of our systems.
"""

from __future__ import annotations

from typing import Any

from email_validator import EmailNotValidError, validate_email
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from vernly.engine.requests import downloads, person
from vernly.engine.requests import service as requests
from vernly.errors import InvalidInput, NotFound, PermissionDenied, RateLimited, VernlyError
from vernly.notices.i18n import N_, tr
from vernly.notices.local_time import local_day
from vernly.policy.loader import LoadedPolicy
from vernly.policy.models import RightKind
from vernly.web import csrf, rate_limits
from vernly.web.centre_common import render
from vernly.web.centre_text import (
    PATHS,
    RIGHT_SLUGS,
    rectify_fields_in,
    rights_in,
)
from vernly.web.job_queue import queued_run
from vernly.web.status_text import status_text

router = APIRouter(include_in_schema=False)
_NOT_OBJECTABLE = ("6(1)(a)", "6(1)(b)", "6(1)(c)")
_CSRF = N_("The form had expired. Please send it again.")
_CODE_WRONG = N_("The code is wrong or has expired. Try again, or ask for a new code.")
_MAIL_FAILED = N_("We could not send e-mail just now. Try \"Send a new code\" shortly.")


def _loaded(request: Request) -> LoadedPolicy:
    loaded: LoadedPolicy = request.app.state.policy
    return loaded


def _kind_for(lang: str, slug: str) -> RightKind:
    for kind, value in RIGHT_SLUGS[lang].items():
        if value == slug:
            return kind
    raise NotFound(f"no right called {slug}")


def _objectable(loaded: LoadedPolicy) -> list[Any]:
    return [a for a in loaded.policy.activities
            if a.role == "controller" and (a.marketing or isinstance(a.legal_basis, str)
                                           or a.legal_basis.article not in _NOT_OBJECTABLE)]


def _consentable(loaded: LoadedPolicy) -> list[Any]:
    return [a for a in loaded.policy.activities
            if not isinstance(a.legal_basis, str) and a.legal_basis.article == "6(1)(a)"]


def hub(request: Request, lang: str) -> HTMLResponse:
    return render(request, lang, "hub.html", active="centre",
                  rights=rights_in(lang, _loaded(request).policy), slugs=RIGHT_SLUGS[lang],
                  picker=PICKER[lang])


def rights(request: Request, lang: str) -> HTMLResponse:
    return render(request, lang, "rights.html", active="rights",
                  rights=rights_in(lang, _loaded(request).policy),
                  slugs=RIGHT_SLUGS[lang])


def _form_page(request: Request, lang: str, kind: RightKind, form: dict[str, Any],
               errors: list[str], status_code: int = 200) -> HTMLResponse:
    loaded = _loaded(request)
    title, text = rights_in(lang, loaded.policy)[kind]
    return render(request, lang, "right_form.html", status_code=status_code, active="rights",
                  title=title, text=text, kind=kind.value, form=form, errors=errors,
                  action=f"{PATHS[lang]['rights']}/{RIGHT_SLUGS[lang][kind]}",
                  rectify_fields=rectify_fields_in(lang, loaded.policy),
                  objectable=_objectable(loaded), consentable=_consentable(loaded))


PICKER = {"nb": "velg", "en": "choose"}
"""The request picker's address under the rights path (it redirects to the right's form)."""


def right_form(request: Request, lang: str, slug: str) -> Response:
    if slug == PICKER[lang]:
        right = request.query_params.get("right", "")
        _kind_for(lang, right)  # an unknown right is a 404 page
        return RedirectResponse(f"{PATHS[lang]['rights']}/{right}", status_code=303)
    kind = _kind_for(lang, slug)
    chosen = request.query_params.getlist("activity")
    return _form_page(request, lang, kind, {"activities": chosen}, [])


def right_submit(request: Request, lang: str, data: FormData, slug: str) -> Response:
    kind = _kind_for(lang, slug)
    form: dict[str, Any] = {k: str(v).strip() for k, v in data.items() if isinstance(v, str)}
    form["activities"] = [str(a) for a in data.getlist("activity") if str(a)]
    try:
        csrf.check(request, form.get("csrf_token"))
    except PermissionDenied:
        return _form_page(request, lang, kind, form, [tr(lang, _CSRF)], 403)
    errors: list[str] = []
    try:
        validate_email(form.get("email", ""), check_deliverability=False)
    except EmailNotValidError:
        errors.append(tr(lang, "Enter a valid e-mail address."))
    details: dict[str, Any] = {}
    if form.get("message"):
        details["message"] = form["message"][:4000]
    if kind == RightKind.rectification:
        fields = rectify_fields_in(lang, _loaded(request).policy)
        changes = {k: form[f"change.{k}"] for k, _ in fields if form.get(f"change.{k}")}
        if not changes:
            errors.append(tr(lang, "Fill in at least one item to correct."))
        details["changes"] = changes
    elif kind in (RightKind.objection, RightKind.withdraw_consent):
        chosen = form["activities"]
        if kind == RightKind.objection and "marketing" in chosen:
            chosen = [a for a in chosen if a != "marketing"]
            chosen += [a.id for a in _loaded(request).policy.activities
                       if a.marketing and chosen and a.id not in chosen]
        if chosen:
            details["activities"] = chosen
    if errors:
        return _form_page(request, lang, kind, form, errors, 422)
    try:
        rate_limits.before_request(request, form["email"])
    except RateLimited as exc:
        page = _form_page(request, lang, kind, form, [rate_limits.message(lang, exc)], 429)
        page.headers["Retry-After"] = str(exc.retry_after_seconds)
        return page
    settings, ledger, loaded = request.app.state.settings, request.app.state.ledger, _loaded(
        request)
    try:
        submitted = person.submit_request(ledger, settings, loaded, kind.value, form["email"],
                                          form.get("phone") or None, details, language=lang)
    except InvalidInput as exc:
        return _form_page(request, lang, kind, form, [str(exc)], 422)
    assert submitted.view.status_token
    target = f"{PATHS[lang]['status']}/{submitted.view.status_token}"
    if not submitted.code_queued:
        target += "?mail=failed"
    return RedirectResponse(target, status_code=303)


def _status_page(request: Request, lang: str, token: str, message: str | None = None,
                 error: bool = False, status_code: int = 200) -> HTMLResponse:
    settings, ledger, loaded = request.app.state.settings, request.app.state.ledger, _loaded(
        request)
    try:
        view = requests.get_by_status_token(ledger, settings, loaded, token)
    except NotFound:
        return render(request, lang, "not_found.html", status_code=404)
    kind_title = rights_in(lang)[RightKind(view.kind)][0] \
        if view.kind in RightKind.__members__ else view.kind
    policy = loaded.policy
    download = f"/api/v1/requests/status/{token}/package" if view.package_path else None
    until = downloads.expires_at(view.result, settings) if download else None
    expires = local_day(until, policy, lang) if until else None
    expired = until is not None and until <= settings.now()
    return render(request, lang, "status.html", status_code=status_code, view=view,
                  kind_title=kind_title, text=status_text(view, policy, lang),
                  received=local_day(view.received_at, policy, lang),
                  deadline=local_day(view.deadline_at, policy, lang),
                  download=None if expired else download, expires=expires, expired=expired,
                  action=f"{PATHS[lang]['status']}/{token}", message=message,
                  error=error, token=token)


def _limited(request: Request, lang: str, token: str, exc: RateLimited) -> HTMLResponse:
    page = _status_page(request, lang, token, rate_limits.message(lang, exc), True, 429)
    page.headers["Retry-After"] = str(exc.retry_after_seconds)
    return page


def status(request: Request, lang: str, token: str) -> HTMLResponse:
    failed = request.query_params.get("mail") == "failed"
    return _status_page(request, lang, token, tr(lang, _MAIL_FAILED) if failed else None,
                        error=failed)


def _status_post(request: Request, lang: str, data: FormData, token: str) -> Any:
    """The request behind a status-page form, or the page to answer with instead
    (a bad CSRF token, or a token that names no request)."""
    try:
        csrf.check(request, str(data.get("csrf_token") or ""))
    except PermissionDenied:
        return _status_page(request, lang, token, tr(lang, _CSRF), True, 403)
    settings, ledger = request.app.state.settings, request.app.state.ledger
    try:
        return requests.get_by_status_token(ledger, settings, _loaded(request), token)
    except NotFound:
        return render(request, lang, "not_found.html", status_code=404)


def status_code_submit(request: Request, lang: str, data: FormData, token: str) -> Response:
    view = _status_post(request, lang, data, token)
    if isinstance(view, Response):
        return view
    from vernly.notices.access_report import render as render_report
    from vernly.web.api_requests import data_map
    from vernly.web.consent_assets import catalogue_of

    settings, ledger, loaded = request.app.state.settings, request.app.state.ledger, _loaded(
        request)
    try:
        rate_limits.before_check(request, view.email or view.id)
    except RateLimited as exc:
        return _limited(request, lang, token, exc)
    try:
        person.confirm_code(ledger, settings, loaded, view.id,
                            str(data.get("code") or "").strip(),
                            catalogue=catalogue_of(request), data_map=data_map(request),
                            renderer=render_report,
                            defer=lambda request_id: queued_run(request, request_id,
                                                                requests.SUBJECT))
    except VernlyError:
        return _status_page(request, lang, token, tr(lang, _CODE_WRONG), True, 422)
    return RedirectResponse(f"{PATHS[lang]['status']}/{token}", status_code=303)


def status_resend(request: Request, lang: str, data: FormData, token: str) -> Response:
    view = _status_post(request, lang, data, token)
    if isinstance(view, Response):
        return view
    settings, ledger, loaded = request.app.state.settings, request.app.state.ledger, _loaded(
        request)
    target = f"{PATHS[lang]['status']}/{token}"
    if view.state == "received":
        try:
            rate_limits.before_code(request, view.email or view.id)
        except RateLimited as exc:
            return _limited(request, lang, token, exc)
        try:
            requests.send_code(ledger, settings, loaded, view.id)
        except (VernlyError, OSError):
            target += "?mail=failed"
    return RedirectResponse(target, status_code=303)


def _bind(func: Any, lang: str, post: bool) -> Any:
    async def endpoint(request: Request) -> Response:
        params = dict(request.path_params)
        args: list[Any] = [request, lang]
        if post:
            args.append(await request.form())
        try:
            response: Response = await run_in_threadpool(func, *args, **params)
        except NotFound:
            response = await run_in_threadpool(render, request, lang, "not_found.html", 404)
        return response
    return endpoint


def _register() -> None:
    for lang in ("nb", "en"):
        p = PATHS[lang]
        routes = [(p["centre"], hub, False), (p["rights"], rights, False),
                  (p["rights"] + "/{slug}", right_form, False),
                  (p["rights"] + "/{slug}", right_submit, True),
                  (p["status"] + "/{token}", status, False),
                  (p["status"] + "/{token}", status_code_submit, True),
                  (p["status"] + "/{token}/resend", status_resend, True)]
        for path, func, post in routes:
            router.add_api_route(path, _bind(func, lang, post),
                                 methods=["POST" if post else "GET"])


_register()
