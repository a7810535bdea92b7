"""Storage limitation: VL201 not stated, VL202 empty, VL203 'per agreement' on our own
activity, VL215 a rule the retention sweep cannot carry out."""

from __future__ import annotations

from tests.policy.support import activity, codes, lint_data, minimal, text


def test_retention_not_stated_is_an_error() -> None:
    data = minimal()
    activity(data)["retention"] = "not_stated"
    findings = lint_data(data)
    assert [(f.code, f.activity, f.article) for f in findings] == [
        ("VL201", "newsletter", "Art. 5(1)(e), 13(2)(a)")]


def test_criteria_alone_are_a_stated_retention() -> None:
    data = minimal()
    activity(data)["retention"] = {"criteria": text("Til du melder deg av",
                                                    "Until you unsubscribe")}
    assert codes(data) == set()


def test_a_retention_section_with_neither_rules_nor_criteria_is_an_error() -> None:
    data = minimal()
    activity(data)["retention"] = {"rules": []}
    assert codes(data) == {("VL202", "newsletter")}


def test_per_agreement_is_for_processors_not_for_our_own_activities() -> None:
    data = minimal()
    activity(data)["retention"]["rules"][0].update(
        trigger="per_agreement", action="manual", duration="P0D")
    activity(data)["retention"]["rules"][0].pop("datasets")
    assert codes(data) == {("VL203", "newsletter")}
    activity(data).update(role="processor", controllers=["Kaffebrenneriet AS"])
    activity(data).pop("consent_withdrawal")
    assert codes(data) == set()


def test_a_rule_on_a_table_without_a_timestamp_cannot_be_enforced() -> None:
    data = minimal()
    data["systems"][0]["tables"][0].pop("timestamp_field")
    findings = lint_data(data)
    assert [(f.code, f.severity, f.activity) for f in findings] == [
        ("VL215", "error", "newsletter")]
    activity(data)["retention"]["rules"][0]["timestamp_field"] = "subscribed_at"
    assert codes(data) == set()
