"""Forms take only what their activity declares, and ask for consent where it is the basis."""

from __future__ import annotations

from collections.abc import Iterator

from vernly.policy.form_store import bookkeeping_columns, consent_based, store_of
from vernly.policy.lint.context import Context
from vernly.policy.lint.findings import Finding, Rule, Severity
from vernly.policy.models import SystemKind

UNDECLARED_CATEGORY = Rule("VL451", Severity.error, "Art. 5(1)(c), 13(1)(c)",
                           "form field whose data category its activity does not declare",
                           fields=("FormField.category", "Activity.data_categories"))
NO_CONSENT_TEXT = Rule("VL452", Severity.error, "Art. 7(1)-(2), 4(11)",
                       "form of a consent-based activity without the consent text",
                       fields=("Form.consent",))
NOT_STORED = Rule("VL453", Severity.error, "Art. 5(2), 30(1)(c)",
                  "form whose fields its declared store does not hold",
                  fields=("Form.store", "FormField.name"))
OLD_NOTICE = Rule("VL454", Severity.warning, "Art. 7(1), 13(3)",
                  "form consent text of another notice version than the current one",
                  fields=("FormConsent.notice_version",))
STORE_OUTSIDE_ACTIVITY = Rule("VL455", Severity.warning, "Art. 30(1)(c)",
                              "form stored in a system its activity does not name",
                              fields=("Form.store", "Activity.systems"))

RULES = (UNDECLARED_CATEGORY, NO_CONSENT_TEXT, NOT_STORED, OLD_NOTICE, STORE_OUTSIDE_ACTIVITY)


def check(ctx: Context) -> Iterator[Finding]:
    policy = ctx.policy
    activities = {a.id: a for a in policy.activities}
    for fi, form in enumerate(policy.forms):
        activity = activities.get(form.activity)
        if activity is None:
            continue  # an unknown activity is a load error already
        base = ("forms", fi)
        declared = set(activity.data_categories) | set(activity.special_categories)
        for i, spec in enumerate(form.fields):
            if spec.category not in declared:
                yield ctx.finding(
                    UNDECLARED_CATEGORY, (*base, "fields", i, "category"),
                    f"form '{form.id}' field '{spec.name}' collects '{spec.category}', which "
                    f"activity '{activity.id}' does not declare; expected one of "
                    f"{', '.join(sorted(declared))}, or drop the field",
                    activity=activity.id, category=spec.category)
        if consent_based(policy, form) and form.consent is None:
            yield ctx.finding(
                NO_CONSENT_TEXT, base,
                f"form '{form.id}' collects for '{activity.id}', which rests on consent, but "
                "shows no consent text, expected 'consent' with text and notice_version",
                activity=activity.id)
        if form.consent and form.consent.notice_version != policy.notice.version:
            yield ctx.finding(
                OLD_NOTICE, (*base, "consent", "notice_version"),
                f"form '{form.id}' asks for consent under notice version "
                f"{form.consent.notice_version}, the notice is version "
                f"{policy.notice.version}; expected the current version",
                activity=activity.id)
        yield from _store(ctx, fi, form.id)


def _store(ctx: Context, fi: int, form_id: str) -> Iterator[Finding]:
    policy = ctx.policy
    form = policy.form(form_id)
    found = store_of(policy, form)
    if found is None:
        return  # an unknown store is a load error already
    system, table = found
    path = ("forms", fi, "store")
    if system.kind != SystemKind.sql:
        yield ctx.finding(NOT_STORED, path, f"form '{form.id}' stores into system "
                          f"'{system.id}' of kind {system.kind}, expected an sql system",
                          system=system.id)
        return
    columns = {c.name: c for c in table.columns}
    for spec in form.fields:
        column = columns.get(spec.name)
        if column is None or column.category != spec.category:
            held = f"as '{column.category}'" if column else "no such column"
            yield ctx.finding(
                NOT_STORED, path,
                f"form '{form.id}' field '{spec.name}' ('{spec.category}') is not declared in "
                f"{form.store} ({held}), expected a column of that name and category",
                system=system.id, category=spec.category)
    missing = [c for c in bookkeeping_columns(policy, form) if c not in columns]
    if missing:
        yield ctx.finding(
            NOT_STORED, path,
            f"form '{form.id}' needs the columns {', '.join(missing)} in {form.store} "
            "(the basis, notice version, consent record and retention clock of each "
            "submission), expected them declared", system=system.id)
    activity = policy.activity(form.activity)
    if system.id not in activity.systems:
        yield ctx.finding(
            STORE_OUTSIDE_ACTIVITY, path,
            f"form '{form.id}' stores into '{system.id}', which activity '{activity.id}' "
            "does not list under systems; expected it there so the records of processing "
            "show it", activity=activity.id, system=system.id)
