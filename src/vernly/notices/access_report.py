"""The human-readable access (Art. 15) and portability (Art. 20) report, nb and en.

For each activity the person's data belongs to it gives the Art. 15(1)(a)-(h) information
from the policy (purposes, categories, recipients, storage period, rights, complaint,
source, automated decisions) and then the data itself, system by system. The engine hands
in an `AccessReport`; this module adds only words and layout.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from vernly.connectors.records import json_value
from vernly.engine.requests.ports import AccessReport
from vernly.notices.i18n import N_, check_lang, install_translations, ptr, tr
from vernly.notices.view import ActivityView, activity_view
from vernly.notices.wording import category_name, right_how, right_name

_REASONS = {  # why the engine left data out of a portability file, by its code
    "legal_basis_not_stated": N_("the privacy notice does not state the legal basis, so we "
                                 "cannot establish that it is consent or contract"),
    "observed_data": N_("the data was observed by us, not provided by you"),
    "no_activity": N_("no processing activity is declared for the data"),
}


@dataclass(frozen=True)
class TableView:
    name: str
    columns: list[tuple[str, str]]
    """(column, category in words)."""
    rows: list[list[Any]]
    context: bool = False
    """Rows the person's rows point at (a product, an address), not about them."""


@dataclass(frozen=True)
class SystemView:
    id: str
    name: str
    count: int
    tables: list[TableView]
    files: list[dict[str, Any]]
    log_lines: list[dict[str, Any]]
    task: str
    note: str


def _reason(code: str, lang: str) -> str:
    if code.startswith("legal_basis_") and code not in _REASONS:
        return tr(lang, "the legal basis is Article %(article)s, not consent or contract",
                  article=code.removeprefix("legal_basis_"))
    return tr(lang, _REASONS[code]) if code in _REASONS else code


def _title_and_intro(kind: str, lang: str, controller: str) -> tuple[str, str]:
    if kind == "portability":
        return (tr(lang, "Data portability: data you provided"),
                tr(lang, "This is the data you provided to %(controller)s for processing based "
                         "on consent or contract (GDPR Article 20), in a machine-readable "
                         "format (data.json and CSV files).", controller=controller))
    # In context: the notice's list of rights words the same English differently in bokmål.
    return (ptr(lang, "access report", "Access to your personal data"),
            tr(lang, "This is a copy of the personal data %(controller)s processes about you, "
                     "with information about the processing (GDPR Article 15).",
               controller=controller))


def _systems(report: AccessReport, lang: str) -> list[SystemView]:
    policy = report.policy
    names = {s.id: s.name for s in policy.systems}
    out: list[SystemView] = []
    for found in report.systems:
        tables: list[TableView] = []
        groups: dict[tuple[str, bool], list[Any]] = {}
        for record in found.records:
            groups.setdefault((record.table, record.context), []).append(record)
        for (table, context), records in groups.items():
            columns: dict[str, str] = {}
            for record in records:
                for name in record.fields:
                    category = record.categories.get(name)
                    columns.setdefault(name, category_name(policy, category, lang)
                                       if category else "")
            tables.append(TableView(table, list(columns.items()),
                                    [[json_value(r.fields.get(c)) for c in columns]
                                     for r in records], context))
        task = ""
        if found.task is not None:
            due = found.task.due.date().isoformat() if found.task.due else ""
            task = tr(lang, "Data held by %(owner)s is being collected manually (due %(due)s) "
                            "and will follow.", owner=found.task.owner, due=due)
        out.append(SystemView(found.system, names.get(found.system, found.system), found.count,
                              tables, [f.to_dict() for f in found.files],
                              [x.to_dict() for x in found.log_lines], task, found.note or ""))
    return out


@functools.cache
def _environment(lang: str) -> Environment:
    return install_translations(Environment(
        loader=PackageLoader("vernly.notices", "templates"),
        autoescape=select_autoescape(["html", "j2"]), undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True), lang)


def render(report: AccessReport, lang: str) -> str:
    """The report as one self-contained HTML document in `lang` ('nb' or 'en')."""
    lang = check_lang(lang)
    policy = report.policy
    activities: list[ActivityView] = [activity_view(policy, policy.activity(a), lang)
                                      for a in report.activities]
    authority = policy.complaint.authority
    excluded = [(policy.activity(a).name.get(lang) if any(x.id == a for x in policy.activities)
                 else a, _reason(code, lang)) for a, code in report.excluded.items()]
    title, intro = _title_and_intro(report.kind, lang, policy.controller.name)
    return _environment(lang).get_template("access_report.html.j2").render(
        lang=lang, report=report, policy=policy, title=title, intro=intro,
        activities=activities, systems=_systems(report, lang), excluded=excluded,
        rights=[(right_name(r.right, lang), r.article, right_how(r, lang))
                for r in policy.rights],
        complaint=tr(lang, "You may complain to %(authority)s (%(website)s). You are welcome to "
                           "contact us first at %(email)s.", authority=authority.name,
                     website=authority.website, email=policy.complaint.contact_email),
        generated=report.generated_at.strftime("%Y-%m-%d %H:%M UTC"),
    )
