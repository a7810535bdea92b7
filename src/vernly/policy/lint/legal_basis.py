"""Lawfulness: every activity of ours needs an Art. 6 basis, special data an Art. 9 condition."""

from __future__ import annotations

from collections.abc import Iterator

from vernly.policy.categories import is_special
from vernly.policy.lint.context import Context
from vernly.policy.lint.findings import Finding, Rule, Severity
from vernly.policy.models import ActivityRole

MISSING_BASIS = Rule("VL101", Severity.error, "Art. 6(1), 13(1)(c)",
                     "activity states no legal basis",
                     fields=("Activity.legal_basis",))
PROCESSOR_WITHOUT_CONTROLLER = Rule("VL102", Severity.error, "Art. 28, 30(2)(a)",
                                    "processor activity names no controller",
                                    fields=("Activity.role", "Activity.controllers"))
INTEREST_NOT_STATED = Rule("VL103", Severity.error, "Art. 13(1)(d)",
                           "legitimate interests basis without the interest pursued",
                           fields=("LegalBasis.article", "LegalBasis.legitimate_interest"))
LAW_NOT_NAMED = Rule("VL104", Severity.warning, "Art. 6(3)",
                     "legal obligation or public task without the law that lays it down",
                     fields=("LegalBasis.article", "LegalBasis.law"))
SPECIAL_WITHOUT_CONDITION = Rule("VL105", Severity.error, "Art. 9(1)-(2)",
                                 "special category data without an Art. 9(2) condition",
                                 fields=("Activity.special_categories",
                                         "LegalBasis.art9_condition"))

RULES = (MISSING_BASIS, PROCESSOR_WITHOUT_CONTROLLER, INTEREST_NOT_STATED, LAW_NOT_NAMED,
         SPECIAL_WITHOUT_CONDITION)


def check(ctx: Context) -> Iterator[Finding]:
    for i, act in enumerate(ctx.policy.activities):
        at = ("activities", i)
        if act.role == ActivityRole.processor:
            # Art. 28: a processor acts on the controller's basis, so it must name the controller.
            if not act.controllers:
                yield ctx.finding(
                    PROCESSOR_WITHOUT_CONTROLLER, (*at, "role"),
                    f"activity '{act.id}' is processing on behalf of others but names no "
                    "controller, expected 'controllers' listing whom we act for",
                    activity=act.id)
            continue
        basis = act.legal_basis
        if basis == "not_stated":
            yield ctx.finding(
                MISSING_BASIS, (*at, "legal_basis"),
                f"activity '{act.id}' ({act.name.get('en')}) states no legal basis, expected "
                "one of Art. 6(1)(a)-(f) with how it applies", activity=act.id)
        elif basis.article == "6(1)(f)" and basis.legitimate_interest is None:
            yield ctx.finding(
                INTEREST_NOT_STATED, (*at, "legal_basis", "article"),
                f"activity '{act.id}' relies on legitimate interests but does not say which, "
                "expected 'legitimate_interest' describing the interest pursued",
                activity=act.id)
        elif basis.article in ("6(1)(c)", "6(1)(e)") and not basis.law:
            yield ctx.finding(
                LAW_NOT_NAMED, (*at, "legal_basis", "article"),
                f"activity '{act.id}' relies on Art. {basis.article} but names no law, "
                "expected 'law' naming the statute that lays down the obligation or task",
                activity=act.id)
        condition = None if basis == "not_stated" else basis.art9_condition
        if condition is None:
            for field in ("special_categories", "data_categories"):
                for j, key in enumerate(getattr(act, field)):
                    if is_special(key) or field == "special_categories":
                        yield ctx.finding(
                            SPECIAL_WITHOUT_CONDITION, (*at, field, j),
                            f"activity '{act.id}' processes special category data '{key}' "
                            "without an Art. 9(2) condition, expected "
                            "'legal_basis.art9_condition' (e.g. 9(2)(a) explicit consent)",
                            activity=act.id, category=key)
