"""Records of processing activities (GDPR Art. 30) from the policy.

The controller record (Art. 30(1)(a)–(g)) has one row per activity we control; the processor
record (Art. 30(2)(a)–(d)) one row per activity we carry out for customers. Values are text in
the chosen language; whatever the policy leaves `not_stated` is written "not stated", literally,
so the gap is visible to whoever reads the record.
"""

from __future__ import annotations

from dataclasses import dataclass

from vernly.notices.i18n import N_, check_lang, tr
from vernly.notices.wording import (
    category_name,
    country_name,
    is_third_country,
    legal_basis_lines,
    role_name,
    rule_words,
)
from vernly.policy.loader import LoadedPolicy
from vernly.policy.models import (
    NOT_STATED,
    Activity,
    ActivityRole,
    Person,
    Policy,
    Recipient,
    RecipientRole,
    Retention,
    in_language,
)

Row = dict[str, str]


@dataclass(frozen=True)
class Column:
    key: str
    """Stable machine name (JSON keys, CSV header)."""
    label: str
    """Human header with the Art. 30 point, as a catalogue msgid."""


CONTROLLER_COLUMNS = (
    Column("activity_id", N_("Activity id")),
    Column("section", N_("Notice section")),
    Column("activity", N_("Processing activity")),
    Column("controller", N_("Art. 30(1)(a) Controller and contact details")),
    Column("joint_controllers", N_("Art. 30(1)(a) Joint controllers")),
    Column("dpo", N_("Art. 30(1)(a) Data protection officer")),
    Column("purposes", N_("Art. 30(1)(b) Purposes of the processing")),
    Column("legal_basis", N_("Legal basis (Art. 6 and 9)")),
    Column("data_subjects", N_("Art. 30(1)(c) Categories of data subjects")),
    Column("personal_data", N_("Art. 30(1)(c) Categories of personal data")),
    Column("special_categories", N_("Art. 30(1)(c) Special categories (Art. 9)")),
    Column("recipients", N_("Art. 30(1)(d) Recipients")),
    Column("third_country_transfers", N_("Art. 30(1)(e) Transfers to third countries and "
                                         "safeguards")),
    Column("erasure_time_limits", N_("Art. 30(1)(f) Envisaged time limits for erasure")),
    Column("security_measures", N_("Art. 30(1)(g) Technical and organisational security "
                                   "measures")),
    Column("systems", N_("Systems")),
)
PROCESSOR_COLUMNS = (
    Column("activity_id", N_("Activity id")),
    Column("section", N_("Notice section")),
    Column("activity", N_("Processing activity")),
    Column("processor", N_("Art. 30(2)(a) Processor and contact details")),
    Column("controllers", N_("Art. 30(2)(a) Controllers on whose behalf we act")),
    Column("dpo", N_("Art. 30(2)(a) Data protection officer")),
    Column("categories_of_processing", N_("Art. 30(2)(b) Categories of processing")),
    Column("personal_data", N_("Categories of personal data")),
    Column("sub_processors", N_("Sub-processors")),
    Column("third_country_transfers", N_("Art. 30(2)(c) Transfers to third countries and "
                                         "safeguards")),
    Column("security_measures", N_("Art. 30(2)(d) Technical and organisational security "
                                   "measures")),
    Column("systems", N_("Systems")),
)
SEP = "; "


@dataclass(frozen=True)
class Records:
    """Both Art. 30 records, rows keyed by `Column.key`."""

    lang: str
    controller: list[Row]
    processor: list[Row]


def _not_stated(lang: str) -> str:
    return tr(lang, "not stated")


def _joined(items: list[str], lang: str, empty: str | None = None) -> str:
    return SEP.join(items) if items else (empty or tr(lang, "none"))


def _contact(policy: Policy, lang: str) -> str:
    c = policy.controller
    return SEP.join([c.name, tr(lang, "org. no. %(number)s", number=c.org_number),
                     c.address.one_line(), c.phone, c.email])


def _dpo(policy: Policy, lang: str) -> str:
    dpo = policy.controller.dpo
    if dpo == NOT_STATED:
        return _not_stated(lang)
    if isinstance(dpo, Person):
        return SEP.join(x for x in (dpo.name, dpo.email, dpo.phone) if x)
    return tr(lang, "none designated")


def _recipients(policy: Policy, a: Activity) -> list[Recipient]:
    """The activity's recipients and the processors running its systems, once each."""
    ids = list(a.recipients)
    for system_id in a.systems:
        system = policy.system(system_id)
        if system.recipient and system.recipient not in ids:
            ids.append(system.recipient)
    return [policy.recipient(r) for r in ids]


def _recipient_text(r: Recipient, lang: str) -> str:
    where = country_name(r.country, lang) or tr(lang, "country not stated")
    return f"{r.name_in(lang)} ({role_name(r.role, lang)}, {where})"


def _transfers(recipients: list[Recipient], lang: str) -> str:
    lines = []
    for r in recipients:
        if r.country == NOT_STATED:
            lines.append(f"{r.name_in(lang)}: {tr(lang, 'country not stated')}")
        elif is_third_country(r):
            mechanism = r.transfer_mechanism
            safeguard = (mechanism if mechanism and mechanism != NOT_STATED
                         else tr(lang, "transfer mechanism not stated"))
            lines.append(f"{r.name_in(lang)} ({country_name(r.country, lang)}): {safeguard}")
    return _joined(lines, lang)


def _erasure(policy: Policy, retention: Retention | str, lang: str) -> str:
    if not isinstance(retention, Retention):
        return _not_stated(lang)
    lines = [rule_words(policy, rule, lang) for rule in retention.rules]
    if retention.criteria:
        lines.append(retention.criteria.get(lang))
    return _joined(lines, lang, _not_stated(lang))


def _security(policy: Policy, a: Activity, lang: str) -> str:
    text = a.security_measures or policy.notice.security
    return text.get(lang) if text else _not_stated(lang)


def _common(policy: Policy, a: Activity, lang: str) -> Row:
    return {"activity_id": a.id, "section": a.section, "activity": a.name.get(lang)}


def _systems(policy: Policy, a: Activity, lang: str) -> str:
    return SEP.join(policy.system(s).name_in(lang) for s in a.systems)


def controller_row(policy: Policy, a: Activity, lang: str) -> Row:
    recipients = _recipients(policy, a)
    basis = ([] if isinstance(a.legal_basis, str) else legal_basis_lines(a.legal_basis, lang))
    joint = [r.name_in(lang) for r in recipients if r.role == RecipientRole.joint_controller]
    return {
        **_common(policy, a, lang),
        "controller": _contact(policy, lang),
        "joint_controllers": _joined(joint, lang),
        "dpo": _dpo(policy, lang),
        "purposes": SEP.join(p.get(lang) for p in a.purposes),
        "legal_basis": _joined(basis, lang, _not_stated(lang)),
        "data_subjects": SEP.join(s.get(lang) for s in a.data_subjects),
        "personal_data": SEP.join(category_name(policy, c, lang) for c in a.data_categories),
        "special_categories": _joined(
            [category_name(policy, c, lang) for c in a.special_categories], lang),
        "recipients": _joined([_recipient_text(r, lang) for r in recipients], lang),
        "third_country_transfers": _transfers(recipients, lang),
        "erasure_time_limits": _erasure(policy, a.retention, lang),
        "security_measures": _security(policy, a, lang),
        "systems": _systems(policy, a, lang),
    }


def processor_row(policy: Policy, a: Activity, lang: str) -> Row:
    recipients = _recipients(policy, a)
    return {
        **_common(policy, a, lang),
        "processor": _contact(policy, lang),
        "controllers": _joined([in_language(c, lang) for c in a.controllers], lang,
                                _not_stated(lang)),
        "dpo": _dpo(policy, lang),
        "categories_of_processing": SEP.join(p.get(lang) for p in a.purposes),
        "personal_data": SEP.join(category_name(policy, c, lang) for c in a.data_categories),
        "sub_processors": _joined([_recipient_text(r, lang) for r in recipients], lang),
        "third_country_transfers": _transfers(recipients, lang),
        "security_measures": _security(policy, a, lang),
        "systems": _systems(policy, a, lang),
    }


def records(loaded: LoadedPolicy, lang: str = "en") -> Records:
    """Both records for the policy, in policy order."""
    lang = check_lang(lang)
    policy = loaded.policy
    return Records(
        lang=lang,
        controller=[controller_row(policy, a, lang) for a in policy.activities
                    if a.role == ActivityRole.controller],
        processor=[processor_row(policy, a, lang) for a in policy.activities
                   if a.role == ActivityRole.processor],
    )
