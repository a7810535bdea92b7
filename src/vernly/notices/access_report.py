"""The human-readable access (Art. 15) and portability (Art. 20) report, nb and en.

For each activity the person's data belongs to it gives the Art. 15(1)(a)-(h) information
from the policy (purposes, categories, recipients, storage period, rights, complaint,
source, automated decisions) and then the data itself, system by system. The engine hands
in an `AccessReport`; this module adds only words and layout.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from vernly.connectors.datamap import NO_IP_NOTE, NO_WINDOW_NOTE
from vernly.connectors.records import ManualTask, Record, SystemRecords
from vernly.engine.requests.ports import AccessReport
from vernly.notices.i18n import N_, check_lang, install_translations, ntr, ptr, tr
from vernly.notices.local_time import (
    local_date,
    local_datetime,
    local_day,
    shown_value,
    zone_of,
)
from vernly.notices.view import ActivityView, activity_view
from vernly.notices.wording import article_ref, category_name, right_how, right_name
from vernly.policy.models import Column, Policy, System

_REASONS = {  # why the engine left data out of a portability file, by its code
    "legal_basis_not_stated": N_("the privacy notice does not state the legal basis, so we "
                                 "cannot establish that it is consent or contract"),
    "observed_data": N_("the data was observed by us, not provided by you"),
    "no_activity": N_("no processing activity is declared for the data"),
}


@dataclass(frozen=True)
class TableView:
    name: str
    """The table as the policy labels it (its name when it has no label)."""
    columns: list[str]
    """Column headings: the policy's label, else the data category's name."""
    rows: list[list[str]]
    context: bool = False
    """Rows the person's rows point at (a product, an address), not about them."""


@dataclass(frozen=True)
class SystemView:
    id: str
    name: str
    count: int
    status: str
    """Exactly one of: found N, searched and nothing found, not searched because ..., or
    asked the processor with the date the answer is due."""
    tables: list[TableView]
    files: list[list[str]]
    """(camera, local time, file) per recording."""
    log_lines: list[str]


def _reason(code: str, lang: str) -> str:
    if code.startswith("legal_basis_") and code not in _REASONS:
        return tr(lang, "the legal basis is Article %(article)s, not consent or contract",
                  article=article_ref(code.removeprefix("legal_basis_"), lang))
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


def _heading(policy: Policy, column: Column | None, name: str, category: str | None,
             lang: str) -> str:
    if column is not None and column.label is not None:
        return column.label.get(lang)
    if category:
        return category_name(policy, category, lang)
    return name


def _tables(policy: Policy, found: SystemRecords, lang: str) -> list[TableView]:
    declared = {t.name: t for s in policy.systems if s.id == found.system for t in s.tables}
    groups: dict[tuple[str, bool], list[Record]] = {}
    for record in found.records:
        groups.setdefault((record.table, record.context), []).append(record)
    tables: list[TableView] = []
    for (table, context), records in groups.items():
        spec = declared.get(table)
        columns = {c.name: c for c in spec.columns} if spec else {}
        names: dict[str, str] = {}
        for record in records:
            for name in record.fields:
                if name not in names:
                    names[name] = _heading(policy, columns.get(name), name,
                                           record.categories.get(name), lang)
        label = spec.label.get(lang) if spec is not None and spec.label else table
        tables.append(TableView(label, list(names.values()),
                                [[shown_value(r.fields.get(c), policy, lang) for c in names]
                                 for r in records], context))
    return tables


def _not_searched(policy: Policy, system: System | None, note: str, lang: str) -> str:
    if note == NO_WINDOW_NOTE:
        reason = tr(lang, "recordings can only be found by time and camera, and the request "
                          "does not say when you were with us")
    elif note == NO_IP_NOTE:
        reason = tr(lang, "the log can only be searched by IP address, and the request gives "
                          "none")
    elif system is not None and system.recipient and any(
            r.id == system.recipient for r in policy.recipients):
        reason = tr(lang, "%(recipient)s runs this system and we have no access to it; you "
                          "can ask them directly",
                    recipient=policy.recipient(system.recipient).name_in(lang))
    else:
        reason = tr(lang, "we have no access to this system")
    return tr(lang, "Not searched, because %(reason)s.", reason=reason)


def processor_of(policy: Policy, system_id: str, owner: str, lang: str) -> str:
    """Who answers for a manual system: its recipient's name, else the task's owner."""
    system = next((s for s in policy.systems if s.id == system_id), None)
    if system is not None and system.recipient and any(
            r.id == system.recipient for r in policy.recipients):
        return policy.recipient(system.recipient).name_in(lang)
    return owner


def _asked(policy: Policy, system: System | None, task: ManualTask, lang: str) -> str:
    processor = processor_of(policy, task.system, task.owner, lang)
    if task.due is None:
        return tr(lang, "We have asked %(processor)s for the data they hold about you.",
                  processor=processor)
    return tr(lang, "We have asked %(processor)s for the data they hold about you; the answer "
                    "is due by %(due)s.", processor=processor,
              due=local_date(task.due.astimezone(zone_of(policy)).date(), lang))


def _answered(policy: Policy, found: SystemRecords, answer: dict[str, Any], lang: str) -> str:
    owner = found.task.owner if found.task is not None else found.system
    processor = processor_of(policy, found.system, owner, lang)
    when = local_day(datetime.fromisoformat(answer["confirmed_at"]), policy, lang)
    if answer["holds_nothing"]:
        return tr(lang, "We asked %(processor)s, who answered on %(when)s that they hold "
                        "nothing about you.", processor=processor, when=when)
    folder = "processor/" + found.system
    return ntr(lang, "We asked %(processor)s, who answered on %(when)s with %(num)d file; "
                     "it is in the folder %(folder)s of this package.",
               "We asked %(processor)s, who answered on %(when)s with %(num)d files; they "
               "are in the folder %(folder)s of this package.", len(answer["files"]),
               processor=processor, when=when, folder=folder)


def system_status(policy: Policy, found: SystemRecords, lang: str,
                  answer: dict[str, Any] | None = None) -> str:
    """What happened in one system, as one sentence: found N, searched and found nothing,
    not searched because ..., asked a processor (answer due, or what it answered)."""
    system = next((s for s in policy.systems if s.id == found.system), None)
    if answer is not None:
        return _answered(policy, found, answer, lang)
    if found.task is not None:
        return _asked(policy, system, found.task, lang)
    if found.note:
        return _not_searched(policy, system, found.note, lang)
    if found.count:
        return ntr(lang, "We found %(num)d entry about you.",
                   "We found %(num)d entries about you.", found.count)
    return tr(lang, "We searched this system and found nothing about you.")


def _systems(report: AccessReport, lang: str) -> list[SystemView]:
    policy = report.policy
    names = {s.id: s.name_in(lang) for s in policy.systems}
    out: list[SystemView] = []
    for found in report.systems:
        files = [[f.camera or "", local_datetime(f.recorded_at, policy, lang)
                  if f.recorded_at else "", f.path] for f in found.files]
        out.append(SystemView(found.system, names.get(found.system, found.system), found.count,
                              system_status(policy, found, lang,
                                            report.answers.get(found.system)),
                              _tables(policy, found, lang),
                              files, [x.line for x in found.log_lines]))
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
        rights=[(right_name(r.right, lang), article_ref(r.article, lang), right_how(r, lang))
                for r in policy.rights],
        complaint=tr(lang, "You may complain to %(authority)s (%(website)s). You are welcome to "
                           "contact us first at %(email)s.", authority=authority.name,
                     website=authority.website, email=policy.complaint.contact_email),
        generated=local_datetime(report.generated_at, policy, lang),
    )
