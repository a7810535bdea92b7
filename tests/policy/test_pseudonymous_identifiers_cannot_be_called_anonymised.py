"""VL501: cookie ids, IP addresses and hashed e-mails single a person out (Recital 26)."""

from __future__ import annotations

import pytest

from tests.policy.support import activity, lint_data, minimal


@pytest.mark.parametrize("category", ["user.device.cookie_id", "user.device.ip_address",
                                      "user.contact.email.hashed"])
def test_calling_a_pseudonymous_identifier_anonymised_is_an_error(category: str) -> None:
    data = minimal()
    data["systems"][0]["tables"][0]["columns"].append({"name": "tracker", "category": category})
    act = activity(data)
    act["data_categories"].append(category)
    act["anonymised_claims"] = [category]
    findings = lint_data(data)
    assert [(f.code, f.severity, f.category) for f in findings] == [
        ("VL501", "error", category)]
    assert "Recital 26" in findings[0].article


def test_calling_aggregate_browsing_statistics_anonymised_is_not_flagged() -> None:
    data = minimal()
    data["systems"][0]["tables"][0]["columns"].append(
        {"name": "pages", "category": "user.behavior.browsing_history"})
    act = activity(data)
    act["data_categories"].append("user.behavior.browsing_history")
    act["anonymised_claims"] = ["user.behavior.browsing_history"]
    assert lint_data(data) == []
