"""Consent: VL401 no withdrawal channel (Art. 7(3)), VL802 no withdraw_consent right."""

from __future__ import annotations

from tests.policy.support import activity, codes, lint_data, minimal


def test_a_consent_based_activity_without_a_withdrawal_channel_is_an_error() -> None:
    data = minimal()
    activity(data).pop("consent_withdrawal")
    findings = lint_data(data)
    assert [(f.code, f.activity, f.article) for f in findings] == [
        ("VL401", "newsletter", "Art. 7(3), 13(2)(c)")]


def test_an_activity_on_another_basis_needs_no_withdrawal_channel() -> None:
    data = minimal()
    activity(data).pop("consent_withdrawal")
    activity(data)["legal_basis"] = {"article": "6(1)(b)"}
    assert codes(data) == set()


def test_consent_without_the_right_to_withdraw_it_is_an_error() -> None:
    data = minimal()
    data["rights"] = [r for r in data["rights"] if r["right"] != "withdraw_consent"]
    assert codes(data) == {("VL802", "newsletter")}
    activity(data)["legal_basis"] = {"article": "6(1)(b)"}
    activity(data).pop("consent_withdrawal")
    assert codes(data) == set()
