"""`/console/datamap`: what the policy says is processed where and shared with whom.

The map (server-rendered SVG, each box a link to its details), the records of processing
to download (XLSX, CSV, JSON, in either language), the notice previewed in both languages
with its version and approval, and what `vernly policy check` finds, with the articles.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from vernly.errors import NotFound
from vernly.notices.datamap_svg import render_svg, transfer_of
from vernly.notices.i18n import check_lang
from vernly.notices.render import render_notice_fragment
from vernly.notices.ropa import records
from vernly.notices.ropa_export import export
from vernly.policy.lint import lint
from vernly.policy.loader import LoadedPolicy
from vernly.policy.models import Activity, Recipient, System
from vernly.web.auth import OperatorInfo, require_operator
from vernly.web.console import render
from vernly.web.console_lang import lang_of
from vernly.web.deps import get_policy

router = APIRouter(prefix="/console/datamap", include_in_schema=False)
READ = Depends(require_operator())
ROPA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@router.get("", response_class=HTMLResponse)
def page(request: Request, operator: OperatorInfo = READ) -> HTMLResponse:
    loaded = get_policy(request)
    lang = lang_of(request)
    findings = lint(loaded)
    return render(request, "datamap.html", operator, policy=loaded.policy,
                  svg=Markup(render_svg(loaded.policy, lang)),  # every text in it is escaped
                  findings=findings, transfer_of=transfer_of)


@router.get("/ropa.{fmt}", response_model=None)
def ropa(request: Request, fmt: str, lang: str = "nb",
         operator: OperatorInfo = READ) -> Response:
    """Records of processing (Art. 30) in XLSX, CSV or JSON, in Norwegian or English."""
    if fmt not in ROPA_TYPES:
        raise NotFound(f"records of processing come as {', '.join(ROPA_TYPES)}, not '{fmt}'")
    body = export(records(get_policy(request), check_lang(lang)), fmt)
    return Response(body, media_type=ROPA_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="records-of-processing-{lang}.{fmt}"'})


@router.get("/notice/{lang}", response_class=HTMLResponse)
def notice_preview(request: Request, lang: str, operator: OperatorInfo = READ) -> HTMLResponse:
    """The notice as the public sees it, inside the console, in `lang`."""
    loaded = get_policy(request)
    body = Markup(render_notice_fragment(loaded, check_lang(lang)))  # autoescaped template
    return render(request, "datamap_notice.html", operator, notice_lang=lang, body=body,
                  meta=loaded.policy.notice)


def _lookup(loaded: LoadedPolicy, kind: str, item_id: str) -> Activity | System | Recipient:
    policy = loaded.policy
    pool: list[Activity] | list[System] | list[Recipient] = (
        policy.activities if kind == "activity" else policy.systems if kind == "system"
        else policy.recipients if kind == "recipient" else [])
    for item in pool:
        if item.id == item_id:
            return item
    raise NotFound(f"no {kind} '{item_id}' in the policy")


@router.get("/{kind}/{item_id}", response_class=HTMLResponse)
def details(request: Request, kind: str, item_id: str,
            operator: OperatorInfo = READ) -> HTMLResponse:
    """An activity, system or recipient with what links to it on the map."""
    loaded = get_policy(request)
    item = _lookup(loaded, kind, item_id)
    policy = loaded.policy
    using = [a for a in policy.activities
             if item_id in (a.systems if kind == "system" else a.recipients)]
    return render(request, f"datamap_{kind}.html", operator, item=item, policy=policy,
                  using=using, transfer_of=transfer_of,
                  findings=[f for f in lint(loaded) if f.subject == item_id])
