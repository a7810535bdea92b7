"""The notice as plain data in one language, ready for the HTML and Markdown templates.

Facts come from the policy; the structure follows the seed notice: fixed sections 1.1–1.9,
activities placed by their `section` (exactly "1.3" goes into 1.3, "1.4.2" becomes a subsection
of 1.4), then cookies, any remaining sections (e.g. "Nettleser"), statistics, sharing and
deleting cookies. Whatever the policy marks `not_stated` is left out, never filled in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from babel.dates import format_date

from vernly.notices.i18n import BABEL_LOCALE
from vernly.notices.wording import (
    article_ref,
    category_in_list,
    country_name,
    legal_basis_lines,
    right_how,
    right_name,
    role_name,
    rule_words,
    withdrawal_how,
)
from vernly.policy.loader import LoadedPolicy
from vernly.policy.models import (
    Activity,
    ActivityRole,
    Person,
    Policy,
    Recipient,
    Retention,
    RetentionRule,
    Text,
    in_language,
)

_NUMBERED = re.compile(r"^\d+(\.\d+)*$")
STATISTICS_PURPOSES = ("statistics", "marketing")


def _t(text: Text | None, lang: str) -> str:
    return text.get(lang) if text else ""


def _strip_scheme(url: str) -> str:
    return re.sub(r"^https?://", "", url).rstrip("/")


@dataclass(frozen=True)
class RecipientView:
    id: str
    name: str
    role: str
    country: str
    transfer_mechanism: str
    agreement: str
    description: str
    services: list[str]


@dataclass(frozen=True)
class ActivityView:
    id: str
    section: str
    name: str
    is_processor: bool
    controllers: list[str]
    description: str
    purposes: list[str]
    data_subjects: list[str]
    categories: list[str]
    special_categories: list[str]
    source: str
    legal_basis: list[str]
    """Empty when the policy does not state the basis."""
    recipients: list[RecipientView]
    retention: list[str]
    """Each rule in the notice's own words (or in words from its fields), then the criteria."""
    withdrawal: str
    security: str


@dataclass(frozen=True)
class Group:
    """Activities sharing one `section` of the notice."""

    number: str
    anchor: str
    activities: list[ActivityView]

    @property
    def title(self) -> str:
        return " · ".join(a.name for a in self.activities)

    @property
    def numbered(self) -> bool:
        return bool(_NUMBERED.match(self.number))


@dataclass(frozen=True)
class CookieRow:
    name: str
    purpose: str
    stores: str
    controller: str
    processor: str
    lifetime: str
    lifetime_iso: str
    category: str


@dataclass(frozen=True)
class CookieGroup:
    site: str
    rows: list[CookieRow]


@dataclass(frozen=True)
class RightView:
    kind: str
    name: str
    article: str
    how: str


@dataclass(frozen=True)
class RetentionSummary:
    section: str
    activity: str
    lines: list[str]


@dataclass
class NoticeView:
    lang: str
    title: str
    updated: str
    version: str
    controller: str
    org_number: str
    address: str
    phone: str
    email: str
    website: str
    dpo: Person | None
    security_url: str
    texts: dict[str, str]
    """The notice's prose by field (introduction, updates, website_terms, …); '' when absent."""
    goals: list[str]
    groups: list[Group]
    recipients: list[RecipientView]
    analytics_tools: list[RecipientView]
    cookie_groups: list[CookieGroup]
    rights: list[RightView]
    retention_summary: list[RetentionSummary]
    authority: str
    authority_url: str
    authority_site: str
    complaint_email: str
    complaint_text: str
    approved_by: str
    approved_title: str
    approved_date: str
    alternates: dict[str, str] = field(default_factory=dict)
    """Language → URL of the same notice in that language (web rendering only)."""

    def at(self, number: str) -> list[Group]:
        """Groups placed directly in section `number`."""
        return [g for g in self.groups if g.number == number]

    def under(self, number: str) -> list[Group]:
        """Groups that are subsections of `number` (e.g. 1.4.1 under 1.4)."""
        return [g for g in self.groups if g.number.startswith(number + ".")]

    def others(self, placed: tuple[str, ...]) -> list[Group]:
        """Groups not placed in any of the `placed` sections (shown after the cookies)."""
        return [g for g in self.groups
                if not any(g.number == p or g.number.startswith(p + ".") for p in placed)]


def recipient_view(r: Recipient, lang: str) -> RecipientView:
    mechanism = r.transfer_mechanism if r.transfer_mechanism not in (None, "not_stated") else ""
    return RecipientView(
        id=r.id, name=r.name_in(lang), role=role_name(r.role, lang),
        country=country_name(r.country, lang),
        transfer_mechanism=str(mechanism or ""), agreement=r.agreement_in(lang) or "",
        description=_t(r.description, lang), services=list(r.services),
    )


def retention_lines(policy: Policy, retention: Retention | str, lang: str,
                    *, prefer_description: bool = True) -> list[str]:
    """The retention promise in words; empty when it is not stated."""
    if not isinstance(retention, Retention):
        return []
    lines = [_rule_line(policy, rule, lang, prefer_description) for rule in retention.rules]
    if retention.criteria:
        lines.append(retention.criteria.get(lang))
    return lines


def _rule_line(policy: Policy, rule: RetentionRule, lang: str, prefer_description: bool) -> str:
    if prefer_description and rule.description:
        text = rule.description.get(lang)
        if rule.statute and rule.statute not in text:
            stop = "." if text.endswith(".") else ""
            text = f"{text.removesuffix('.')} ({rule.statute}){stop}"
        return text
    return rule_words(policy, rule, lang)


def activity_view(policy: Policy, a: Activity, lang: str) -> ActivityView:
    basis = [] if isinstance(a.legal_basis, str) else legal_basis_lines(a.legal_basis, lang)
    withdrawal = ""
    if a.consent_withdrawal:
        withdrawal = _t(a.consent_withdrawal.description, lang) or withdrawal_how(
            a.consent_withdrawal.channel, a.consent_withdrawal.address, lang)
    return ActivityView(
        id=a.id, section=a.section, name=a.name.get(lang),
        is_processor=a.role == ActivityRole.processor,
        controllers=[in_language(c, lang) for c in a.controllers],
        description=_t(a.description, lang),
        purposes=[p.get(lang) for p in a.purposes],
        data_subjects=[s.get(lang) for s in a.data_subjects],
        categories=[category_in_list(policy, c, lang) for c in a.data_categories],
        special_categories=[category_in_list(policy, c, lang) for c in a.special_categories],
        source=a.source.get(lang), legal_basis=basis,
        recipients=[recipient_view(policy.recipient(r), lang) for r in a.recipients],
        retention=retention_lines(policy, a.retention, lang),
        withdrawal=withdrawal, security=_t(a.security_measures, lang),
    )


def _section_key(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in number.split("."))


def _groups(policy: Policy, lang: str) -> list[Group]:
    order: list[str] = []
    by_section: dict[str, list[ActivityView]] = {}
    for a in policy.activities:
        if a.section not in by_section:
            order.append(a.section)
            by_section[a.section] = []
        by_section[a.section].append(activity_view(policy, a, lang))
    numbered = sorted((s for s in order if _NUMBERED.match(s)), key=_section_key)
    rest = [s for s in order if not _NUMBERED.match(s)]
    return [Group(number=s, anchor="s-" + re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-"),
                  activities=by_section[s]) for s in numbered + rest]


def _processor_name(policy: Policy, processor: str | None, service: str | None,
                    lang: str) -> str:
    if processor is None:
        return ""
    name = policy.recipient(processor).name_in(lang)
    # The seed names the product when it is the processor's own ("Google Analytics"),
    # and the company otherwise ("WebMercs (Data Design AS)").
    if service and service.startswith(name):
        return service
    return name


def cookie_groups(policy: Policy, lang: str) -> list[CookieGroup]:
    """The cookie table grouped under its site headings, in policy order."""
    groups: dict[str, list[CookieRow]] = {}
    for c in policy.cookies:
        groups.setdefault(c.site.get(lang), []).append(CookieRow(
            name=c.name, purpose=c.purpose.get(lang), stores=c.stores.get(lang),
            controller=c.controller,
            processor=_processor_name(policy, c.processor, c.service, lang),
            lifetime=c.lifetime_text.get(lang), lifetime_iso=c.lifetime,
            category=c.category.value if c.category else "",
        ))
    return [CookieGroup(site=site, rows=rows) for site, rows in groups.items()]


def _analytics_tools(policy: Policy, lang: str) -> list[RecipientView]:
    seen: dict[str, RecipientView] = {}
    for a in policy.activities:
        if a.cookie_purpose in STATISTICS_PURPOSES:
            for rid in a.recipients:
                seen.setdefault(rid, recipient_view(policy.recipient(rid), lang))
    return list(seen.values())


def _retention_summary(policy: Policy, lang: str) -> list[RetentionSummary]:
    rows = []
    for a in policy.activities:
        lines = retention_lines(policy, a.retention, lang, prefer_description=False)
        if lines:
            rows.append(RetentionSummary(section=a.section, activity=a.name.get(lang),
                                         lines=lines))
    return rows


_TEXT_FIELDS = ("introduction", "updates", "website_terms", "cookie_intro", "dnt", "security",
                "storage", "browser", "analytics", "sharing", "deleting_cookies")


def build_view(loaded: LoadedPolicy, lang: str,
               alternates: dict[str, str] | None = None) -> NoticeView:
    p = loaded.policy
    n, c = p.notice, p.controller
    locale = BABEL_LOCALE[lang]
    return NoticeView(
        lang=lang, title=n.title.get(lang),
        updated=format_date(n.date, format="long", locale=locale), version=n.version,
        controller=c.name, org_number=c.org_number, address=c.address.one_line(),
        phone=c.phone, email=c.email, website=c.website or "",
        dpo=c.dpo if isinstance(c.dpo, Person) else None,
        security_url=c.security_info_url or "",
        texts={f: _t(getattr(n, f), lang) for f in _TEXT_FIELDS},
        goals=[g.get(lang) for g in p.goals],
        groups=_groups(p, lang),
        recipients=[recipient_view(r, lang) for r in p.recipients],
        analytics_tools=_analytics_tools(p, lang),
        cookie_groups=cookie_groups(p, lang),
        rights=[RightView(kind=r.right.value, name=right_name(r.right, lang),
                          article=article_ref(r.article, lang),
                          how=right_how(r, lang)) for r in p.rights],
        retention_summary=_retention_summary(p, lang),
        authority=p.complaint.authority.name, authority_url=p.complaint.authority.website,
        authority_site=_strip_scheme(p.complaint.authority.website),
        complaint_email=p.complaint.contact_email, complaint_text=_t(p.complaint.text, lang),
        approved_by=n.approved_by.name, approved_title=n.approved_by.title.get(lang),
        # Norwegian writes a date with full stops (12.09.2019); the seed's English keeps slashes.
        approved_date=format_date(n.approved_by.date, locale=locale,
                                  format="dd/MM/yyyy" if lang == "en" else "dd.MM.yyyy"),
        alternates=dict(alternates or {}),
    )
