"""What a person can consent to, derived from the policy: cookie categories with their
services and cookies, and the activities whose legal basis is consent.

The banner, the no-JavaScript cookie form and the ledger's validation all read this one
catalogue, so a category the policy does not declare can neither be shown nor recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vernly.policy.models import Activity, CookieCategory, Policy, Text

NECESSARY = CookieCategory.strictly_necessary.value
CONSENT_COOKIE = "vernly_consent"
"""The banner's own first-party cookie: record id and choices (strictly necessary)."""

# Order shown in the banner; a service named under several categories is gated by the
# strictest, so a tag that also does marketing never runs on statistics consent alone.
_ORDER = [NECESSARY, "preferences", "statistics", "marketing"]
_STRICTNESS = {NECESSARY: 0, "preferences": 1, "statistics": 2, "marketing": 3}
SALE_LIKE = frozenset({"marketing"})
"""Categories a Global Privacy Control signal always refuses (sale / cross-context ads)."""

CATEGORY_NAMES: dict[str, Text] = {
    NECESSARY: Text(nb="Nødvendige", en="Necessary"),
    "preferences": Text(nb="Preferanser", en="Preferences"),
    "statistics": Text(nb="Statistikk", en="Statistics"),
    "marketing": Text(nb="Markedsføring", en="Marketing"),
}
CATEGORY_DESCRIPTIONS: dict[str, Text] = {
    NECESSARY: Text(nb="Trengs for at nettstedet skal virke. Kan ikke slås av.",
                    en="Needed for the website to work. Cannot be turned off."),
    "preferences": Text(nb="Husker valg du har gjort, som språk.",
                        en="Remember choices you have made, such as language."),
    "statistics": Text(nb="Hjelper oss å forstå hvordan nettstedet brukes, så vi kan "
                          "forbedre det.",
                       en="Help us understand how the website is used so we can improve it."),
    "marketing": Text(nb="Måler annonser og gjør dem relevante for deg, også på andre "
                         "nettsteder.",
                      en="Measure ads and make them relevant to you, also on other websites."),
}


def service_id(name: str) -> str:
    """A stable id for a service name ('Google Analytics' -> 'google_analytics')."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower().replace("ø", "o").replace("å", "a")
                  .replace("æ", "ae")).strip("_")


@dataclass(frozen=True)
class CookieInfo:
    name: str
    pattern: str | None
    lifetime: str
    lifetime_text: Text
    purpose: Text
    service: str | None
    """Service id, when the policy names the service that sets it."""


@dataclass
class Service:
    id: str
    name: str
    recipient: str | None
    """Policy id of the recipient providing it."""
    cookies: list[CookieInfo] = field(default_factory=list)


@dataclass
class Category:
    id: str
    name: Text
    description: Text
    necessary: bool
    sale_like: bool
    activities: list[str] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    cookies: list[CookieInfo] = field(default_factory=list)


@dataclass(frozen=True)
class Catalogue:
    """Everything consent can be asked for under one policy version."""

    notice_version: str
    controller: str
    jurisdiction: str
    categories: list[Category]
    consent_activities: dict[str, Activity]
    """Activities with legal basis consent (Art. 6(1)(a)), by id."""

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    @property
    def optional(self) -> list[Category]:
        """The categories that need consent (everything but strictly necessary)."""
        return [c for c in self.categories if not c.necessary]

    def service_category(self, sid: str) -> Category | None:
        return next((c for c in self.categories if any(s.id == sid for s in c.services)), None)

    def all_cookies(self) -> list[CookieInfo]:
        return [k for c in self.categories for k in c.cookies]


def _consent_based(activity: Activity) -> bool:
    return not isinstance(activity.legal_basis, str) and activity.legal_basis.article == "6(1)(a)"


def build_catalogue(policy: Policy) -> Catalogue:
    """Group the policy's cookie table and cookie-gated activities into banner categories."""
    used = {NECESSARY} | {str(k.category) for k in policy.cookies if k.category}
    used |= {a.cookie_purpose for a in policy.activities if a.cookie_purpose}
    cats = {cid: Category(id=cid, name=CATEGORY_NAMES[cid], description=CATEGORY_DESCRIPTIONS[cid],
                          necessary=cid == NECESSARY, sale_like=cid in SALE_LIKE)
            for cid in _ORDER if cid in used}
    placed: dict[str, tuple[str, Service]] = {}

    def place(name: str, cid: str, recipient: str | None) -> None:
        sid = service_id(name)
        if sid in placed:
            old_cid, svc = placed[sid]
            if _STRICTNESS[cid] <= _STRICTNESS[old_cid]:
                return
            cats[old_cid].services.remove(svc)
        else:
            svc = Service(id=sid, name=name, recipient=recipient)
        cats[cid].services.append(svc)
        placed[sid] = (cid, svc)

    for activity in policy.activities:
        if activity.cookie_purpose:
            cats[activity.cookie_purpose].activities.append(activity.id)
            for rid in activity.recipients:
                recipient = policy.recipient(rid)
                # A service is one name in every language: the notice's first language names it.
                for name in recipient.services or [recipient.name_in(policy.notice.first_language)]:
                    place(name, activity.cookie_purpose, rid)
    for cookie in policy.cookies:
        cid = str(cookie.category or NECESSARY)
        if cookie.service:
            place(cookie.service, cid, cookie.processor)
    for cookie in policy.cookies:
        sid = service_id(cookie.service) if cookie.service else None
        # A cookie follows its service when the service ended up in a stricter category.
        cid = placed[sid][0] if sid else str(cookie.category or NECESSARY)
        info = CookieInfo(name=cookie.name, pattern=cookie.pattern, lifetime=str(cookie.lifetime),
                          lifetime_text=cookie.lifetime_text, purpose=cookie.purpose, service=sid)
        cats[cid].cookies.append(info)
        if sid:
            placed[sid][1].cookies.append(info)
    cats[NECESSARY].cookies.append(CookieInfo(
        name=CONSENT_COOKIE, pattern=None, lifetime="P12M",
        lifetime_text=Text(nb="12 måneder", en="12 months"),
        purpose=Text(nb="Husker valgene dine om informasjonskapsler.",
                     en="Remembers your cookie choices."), service=None))
    return Catalogue(
        notice_version=policy.notice.version,
        controller=policy.controller.name,
        jurisdiction=policy.controller.address.country,
        categories=[cats[c] for c in _ORDER if c in cats],
        consent_activities={a.id: a for a in policy.activities if _consent_based(a)},
    )
