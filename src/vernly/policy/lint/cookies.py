"""Cookies: anything not strictly necessary needs consent (ekomloven § 3-15, from 2025)."""

from __future__ import annotations

from collections.abc import Iterator

from vernly.policy.lint.context import Context
from vernly.policy.lint.findings import Finding, Rule, Severity
from vernly.policy.models import CookieCategory

NO_CONSENT_CATEGORY = Rule("VL601", Severity.error, "ekomloven § 3-15, Art. 6(1)(a)",
                           "cookie without a consent category",
                           fields=("Cookie.category",))
NECESSARY_BUT_TRACKING = Rule(
    "VL602", Severity.info, "ekomloven § 3-15",
    "strictly-necessary cookie set by a processor that serves tracking",
    fields=("Cookie.category", "Cookie.processor"))
CATEGORY_WITHOUT_COOKIES = Rule(
    "VL603", Severity.warning, "ekomloven § 3-15, Art. 13(1)(c)",
    "activity gated by a cookie category the cookie table has no cookie in",
    fields=("Activity.cookie_purpose",))

RULES = (NO_CONSENT_CATEGORY, NECESSARY_BUT_TRACKING, CATEGORY_WITHOUT_COOKIES)

_TRACKING = ("statistics", "marketing")


def check(ctx: Context) -> Iterator[Finding]:
    p = ctx.policy
    system_recipients = {s.id: s.recipient for s in p.systems}
    tracking_recipients: set[str] = set()
    for act in p.activities:
        if act.cookie_purpose in _TRACKING or act.marketing:
            tracking_recipients.update(act.recipients)
            tracking_recipients.update(
                r for s in act.systems if (r := system_recipients.get(s)) is not None)
    for k, cookie in enumerate(p.cookies):
        at = ("cookies", k)
        if cookie.category is None:
            yield ctx.finding(
                NO_CONSENT_CATEGORY, at,
                f"cookie '{cookie.name}' has no category, so the banner cannot ask consent for "
                "it; expected 'category': strictly_necessary, statistics, marketing or "
                "preferences", cookie=cookie.name)
        elif (cookie.category == CookieCategory.strictly_necessary and cookie.processor
              and cookie.processor in tracking_recipients):
            yield ctx.finding(
                NECESSARY_BUT_TRACKING, (*at, "category"),
                f"cookie '{cookie.name}' is marked strictly necessary but is set by "
                f"'{cookie.processor}', which also receives statistics or marketing data; "
                "expected a check that it is only used to deliver the service asked for",
                cookie=cookie.name, recipient=cookie.processor)
    categories = {c.category for c in p.cookies}
    for i, act in enumerate(p.activities):
        if act.cookie_purpose and act.cookie_purpose != "strictly_necessary" and (
            act.cookie_purpose not in categories
        ):
            yield ctx.finding(
                CATEGORY_WITHOUT_COOKIES, ("activities", i, "cookie_purpose"),
                f"activity '{act.id}' relies on {act.cookie_purpose} cookies, but the cookie "
                f"table lists none in that category; expected its cookies (name, purpose, "
                "lifetime, who sets them) in 'cookies'", activity=act.id)
