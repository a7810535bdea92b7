"""Lawfulness rules: VL101 no basis, VL102 processor without controller, VL103 interest not
stated, VL104 law not named, VL105 special category without an Art. 9(2) condition."""

from __future__ import annotations

import pytest

from tests.policy.support import activity, codes, lint_data, minimal, text


def test_the_minimal_policy_has_no_findings() -> None:
    assert lint_data(minimal()) == []


def test_an_activity_without_a_legal_basis_is_an_error() -> None:
    data = minimal()
    activity(data)["legal_basis"] = "not_stated"
    findings = lint_data(data)
    assert [(f.code, f.severity, f.activity) for f in findings] == [
        ("VL101", "error", "newsletter")]
    assert findings[0].article == "Art. 6(1), 13(1)(c)"


def test_a_processor_activity_needs_no_basis_of_its_own_but_names_its_controllers() -> None:
    data = minimal()
    act = activity(data)
    act.update(role="processor", legal_basis="not_stated", retention="not_stated")
    act.pop("consent_withdrawal")
    assert codes(data) == {("VL102", "newsletter")}
    act["controllers"] = ["Kaffebrenneriet AS"]
    assert codes(data) == set()


def test_legitimate_interests_must_say_which_interest() -> None:
    data = minimal()
    act = activity(data)
    act.pop("consent_withdrawal")
    act["legal_basis"] = {"article": "6(1)(f)"}
    assert codes(data) == {("VL103", "newsletter")}
    act["legal_basis"]["legitimate_interest"] = text("Holde kundene orientert",
                                                     "Keep customers informed")
    assert codes(data) == set()


def test_a_legal_obligation_should_name_its_law() -> None:
    data = minimal()
    act = activity(data)
    act.pop("consent_withdrawal")
    act["legal_basis"] = {"article": "6(1)(c)"}
    assert [(f.code, f.severity) for f in lint_data(data)] == [("VL104", "warning")]
    act["legal_basis"]["law"] = "bokføringsloven § 13"
    assert codes(data) == set()


def test_health_data_without_an_art9_condition_is_an_error() -> None:
    data = minimal()
    data["systems"][0]["tables"][0]["columns"].append(
        {"name": "allergies", "category": "user.health_and_medical"})
    act = activity(data)
    act["special_categories"] = ["user.health_and_medical"]
    found = lint_data(data)
    assert [(f.code, f.category) for f in found] == [("VL105", "user.health_and_medical")]
    act["legal_basis"]["art9_condition"] = "9(2)(a)"
    assert codes(data) == set()


def test_special_data_hidden_among_ordinary_categories_is_found_too() -> None:
    data = minimal()
    data["systems"][0]["tables"][0]["columns"].append(
        {"name": "union", "category": "user.demographic.trade_union"})
    activity(data)["data_categories"].append("user.demographic.trade_union")
    assert codes(data) == {("VL105", "newsletter")}


@pytest.mark.parametrize("category", ["user.biometric.fingerprint", "user.authorization.biometric",
                                      "user.health_and_medical.genetic"])
def test_fideslangs_special_keys_need_an_art9_condition_too(category: str) -> None:
    data = minimal()
    data["systems"][0]["tables"][0]["columns"].append({"name": "special", "category": category})
    act = activity(data)
    act["data_categories"].append(category)
    assert codes(data) == {("VL105", "newsletter")}
    act["legal_basis"]["art9_condition"] = "9(2)(a)"
    assert codes(data) == set()
