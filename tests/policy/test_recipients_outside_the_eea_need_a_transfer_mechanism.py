"""Recipients: VL301 third country without a mechanism, VL302 country not stated, VL303 not a
country code, VL304 a recipient nothing uses."""

from __future__ import annotations

import pytest

from tests.policy.support import codes, lint_data, minimal


@pytest.mark.parametrize("mechanism", [None, "not_stated"])
def test_a_us_recipient_without_a_transfer_mechanism_is_an_error(mechanism: str | None) -> None:
    data = minimal()
    data["recipients"][0].update(country="US", transfer_mechanism=mechanism)
    findings = lint_data(data)
    assert [(f.code, f.recipient, f.article) for f in findings] == [
        ("VL301", "mailer", "Art. 13(1)(f), 44-49")]


def test_a_us_recipient_under_standard_contractual_clauses_passes() -> None:
    data = minimal()
    data["recipients"][0].update(country="US",
                                 transfer_mechanism="Standard contractual clauses (Art. 46)")
    assert codes(data) == set()


@pytest.mark.parametrize("country", ["NO", "SE", "IS", "LI", "DE"])
def test_recipients_inside_the_eea_need_no_mechanism(country: str) -> None:
    data = minimal()
    data["recipients"][0]["country"] = country
    assert codes(data) == set()


def test_switzerland_is_outside_the_eea_even_with_an_adequacy_decision_to_state() -> None:
    data = minimal()
    data["recipients"][0]["country"] = "CH"
    assert codes(data) == {("VL301", "mailer")}


def test_a_recipient_whose_country_is_not_stated_is_a_warning() -> None:
    data = minimal()
    data["recipients"][0]["country"] = "not_stated"
    assert [(f.code, f.severity) for f in lint_data(data)] == [("VL302", "warning")]


def test_a_country_name_instead_of_a_code_is_a_warning() -> None:
    data = minimal()
    data["recipients"][0]["country"] = "Norway"
    assert codes(data) == {("VL303", "mailer")}


def test_a_recipient_nothing_names_is_reported_as_info() -> None:
    data = minimal()
    data["recipients"].append({"id": "printer", "name": "Trykkeriet AS", "role": "processor",
                               "country": "NO"})
    assert [(f.code, f.severity, f.recipient) for f in lint_data(data)] == [
        ("VL304", "info", "printer")]
