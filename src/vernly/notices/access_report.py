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
from vernly.notices.i18n import check_lang
from vernly.notices.view import ActivityView, activity_view
from vernly.notices.wording import category_name, right_how, right_name

# The report's own words. They are few and belong to this report only, so they live here
# rather than in the notice's gettext catalogue.
LABELS: dict[str, dict[str, str]] = {
    "nb": {
        "title_access": "Innsyn i personopplysninger",
        "title_portability": "Dataportabilitet: opplysninger du har gitt oss",
        "intro_access": "Dette er en kopi av personopplysningene {controller} behandler om deg, "
                        "og informasjon om behandlingen (personvernforordningen artikkel 15).",
        "intro_portability": "Dette er opplysningene du selv har gitt {controller}, for "
                             "behandlinger som bygger på samtykke eller avtale "
                             "(personvernforordningen artikkel 20), i maskinlesbart format "
                             "(data.json og CSV-filer).",
        "request": "Forespørsel", "generated": "Laget", "controller": "Behandlingsansvarlig",
        "processing": "Behandlingen av opplysningene dine",
        "purposes": "Formål (a)", "categories": "Kategorier av personopplysninger (b)",
        "recipients": "Mottakere (c)", "storage": "Lagringstid (d)",
        "rights": "Dine rettigheter (e)", "complaint": "Klage (f)", "source": "Kilde (g)",
        "automated": "Automatiserte avgjørelser og profilering (h)",
        "automated_none": "Ingen oppgitt i personvernerklæringen.",
        "legal_basis": "Behandlingsgrunnlag", "not_stated": "Ikke oppgitt i personvernerklæringen.",
        "transfer": "Overføring til land utenfor EØS: {country}; overføringsgrunnlag: {mechanism}",
        "complaint_text": "Du kan klage til {authority} ({website}). Kontakt oss gjerne først "
                          "på {email}.",
        "data": "Opplysningene", "records": "rader", "no_data": "Vi fant ingen opplysninger "
                                                                "om deg i dette systemet.",
        "files": "Opptak", "log": "Logglinjer", "category": "kategori",
        "files_note": "Opptakene kan vise andre personer. Kopi utleveres etter at andre er "
                      "gjort ugjenkjennelige (artikkel 15 nr. 4).",
        "task": "Opplysninger hos {owner} blir hentet inn manuelt (frist {due}) og ettersendes.",
        "restricted": "Behandlingen av opplysningene dine er begrenset (artikkel 18). "
                      "Vi lagrer dem, men bruker dem ikke til annet.",
        "excluded": "Ikke med i denne filen",
        "reason_legal_basis_not_stated": "behandlingsgrunnlaget er ikke oppgitt i "
                                         "personvernerklæringen, så vi kan ikke slå fast at "
                                         "det er samtykke eller avtale",
        "reason_observed_data": "opplysningene er observert av oss, ikke gitt av deg",
        "reason_no_activity": "ingen behandling er knyttet til opplysningene",
        "reason_basis": "behandlingsgrunnlaget er artikkel {article}, ikke samtykke eller avtale",
        "withdraw": "Tilbaketrekking av samtykke",
    },
    "en": {
        "title_access": "Access to your personal data",
        "title_portability": "Data portability: data you provided",
        "intro_access": "This is a copy of the personal data {controller} processes about you, "
                        "with information about the processing (GDPR Article 15).",
        "intro_portability": "This is the data you provided to {controller} for processing "
                             "based on consent or contract (GDPR Article 20), in a "
                             "machine-readable format (data.json and CSV files).",
        "request": "Request", "generated": "Generated", "controller": "Controller",
        "processing": "How your data is processed",
        "purposes": "Purposes (a)", "categories": "Categories of personal data (b)",
        "recipients": "Recipients (c)", "storage": "Storage period (d)",
        "rights": "Your rights (e)", "complaint": "Complaint (f)", "source": "Source (g)",
        "automated": "Automated decision-making and profiling (h)",
        "automated_none": "None stated in the privacy notice.",
        "legal_basis": "Legal basis", "not_stated": "Not stated in the privacy notice.",
        "transfer": "Transfer outside the EEA: {country}; safeguard: {mechanism}",
        "complaint_text": "You may complain to {authority} ({website}). You are welcome to "
                          "contact us first at {email}.",
        "data": "The data", "records": "rows", "no_data": "We found no data about you in "
                                                          "this system.",
        "files": "Recordings", "log": "Log lines", "category": "category",
        "files_note": "Recordings may show other people. A copy is provided once others are "
                      "made unrecognisable (Article 15(4)).",
        "task": "Data held by {owner} is being collected manually (due {due}) and will follow.",
        "restricted": "Processing of your data is restricted (Article 18). We store it but do "
                      "not otherwise use it.",
        "excluded": "Not included in this file",
        "reason_legal_basis_not_stated": "the privacy notice does not state the legal basis, so "
                                         "we cannot establish that it is consent or contract",
        "reason_observed_data": "the data was observed by us, not provided by you",
        "reason_no_activity": "no processing activity is declared for the data",
        "reason_basis": "the legal basis is Article {article}, not consent or contract",
        "withdraw": "Withdrawing consent",
    },
}


@dataclass(frozen=True)
class TableView:
    name: str
    columns: list[tuple[str, str]]
    """(column, category in words)."""
    rows: list[list[Any]]


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


def _reason(code: str, words: dict[str, str]) -> str:
    if code.startswith("legal_basis_") and code != "legal_basis_not_stated":
        return words["reason_basis"].format(article=code.removeprefix("legal_basis_"))
    return words.get(f"reason_{code}", code)


def _systems(report: AccessReport, lang: str, words: dict[str, str]) -> list[SystemView]:
    policy = report.policy
    names = {s.id: s.name for s in policy.systems}
    out: list[SystemView] = []
    for found in report.systems:
        tables: list[TableView] = []
        for table, records in found.by_table().items():
            columns: dict[str, str] = {}
            for record in records:
                for name in record.fields:
                    category = record.categories.get(name)
                    columns.setdefault(name, category_name(policy, category, lang)
                                       if category else "")
            tables.append(TableView(table, list(columns.items()),
                                    [[json_value(r.fields.get(c)) for c in columns]
                                     for r in records]))
        task = ""
        if found.task is not None:
            due = found.task.due.date().isoformat() if found.task.due else ""
            task = words["task"].format(owner=found.task.owner, due=due)
        out.append(SystemView(found.system, names.get(found.system, found.system), found.count,
                              tables, [f.to_dict() for f in found.files],
                              [x.to_dict() for x in found.log_lines], task, found.note or ""))
    return out


@functools.cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("vernly.notices", "templates"),
                       autoescape=select_autoescape(["html", "j2"]), undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def render(report: AccessReport, lang: str) -> str:
    """The report as one self-contained HTML document in `lang` ('nb' or 'en')."""
    lang = check_lang(lang)
    words = LABELS[lang]
    policy = report.policy
    activities: list[ActivityView] = [activity_view(policy, policy.activity(a), lang)
                                      for a in report.activities]
    authority = policy.complaint.authority
    excluded = [(policy.activity(a).name.get(lang) if any(x.id == a for x in policy.activities)
                 else a, _reason(code, words)) for a, code in report.excluded.items()]
    return _environment().get_template("access_report.html.j2").render(
        lang=lang, w=words, report=report, policy=policy,
        title=words[f"title_{report.kind}"],
        intro=words[f"intro_{report.kind}"].format(controller=policy.controller.name),
        activities=activities, systems=_systems(report, lang, words), excluded=excluded,
        rights=[(right_name(r.right, lang), r.article, right_how(r, lang))
                for r in policy.rights],
        complaint=words["complaint_text"].format(authority=authority.name,
                                                 website=authority.website,
                                                 email=policy.complaint.contact_email),
        generated=report.generated_at.strftime("%Y-%m-%d %H:%M UTC"),
    )
