"""Forms against their activity: VL451-VL455, and the references a form makes."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.policy.support import activity, codes, lint_data, minimal, text
from vernly.errors import VernlyError
from vernly.policy.loader import load_text


def _with_form(data: dict[str, Any]) -> dict[str, Any]:
    """The minimal policy with a newsletter sign-up form stored in shop.subscribers."""
    data["systems"][0]["tables"][0]["columns"] += [
        {"name": "submitted_at"}, {"name": "legal_basis"}, {"name": "notice_version"},
        {"name": "consent_record_id"}]
    data["forms"] = [{
        "id": "signup", "activity": "newsletter", "store": "shop.subscribers",
        "title": text("Meld deg på", "Sign up"),
        "fields": [{"name": "email", "type": "email", "category": "user.contact.email",
                    "label": text("E-post", "E-mail"), "required": True}],
        "consent": {"text": text("Jeg vil ha nyhetsbrev.", "I want the newsletter."),
                    "notice_version": "1"},
    }]
    return data


def test_a_form_whose_fields_its_activity_declares_passes() -> None:
    assert codes(_with_form(minimal())) == set()


def test_a_field_of_an_undeclared_category_is_an_error_at_its_line() -> None:
    data = _with_form(minimal())
    data["forms"][0]["fields"].append({
        "name": "personnummer", "type": "text",
        "category": "user.government_id.national_identification_number",
        "label": text("Fødselsnummer", "National id")})
    data["systems"][0]["tables"][0]["columns"].append(
        {"name": "personnummer",
         "category": "user.government_id.national_identification_number"})
    source = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    findings = [f for f in lint_data(data) if f.code == "VL451"]
    assert len(findings) == 1
    line = source.splitlines()[findings[0].line - 1]
    assert "user.government_id.national_identification_number" in line
    assert "personnummer" in findings[0].message
    assert "newsletter" in findings[0].message


def test_a_consent_based_form_without_consent_text_is_an_error() -> None:
    data = _with_form(minimal())
    data["forms"][0].pop("consent")
    assert codes(data) == {("VL452", "newsletter")}


def test_a_form_consent_under_an_older_notice_is_a_warning() -> None:
    data = _with_form(minimal())
    data["forms"][0]["consent"]["notice_version"] = "0"
    assert codes(data) == {("VL454", "newsletter")}


def test_a_store_missing_a_field_or_the_bookkeeping_columns_is_an_error() -> None:
    data = _with_form(minimal())
    data["systems"][0]["tables"][0]["columns"] = [
        c for c in data["systems"][0]["tables"][0]["columns"]
        if c["name"] not in ("email", "consent_record_id")]
    messages = [f.message for f in lint_data(data) if f.code == "VL453"]
    assert len(messages) == 2
    assert "field 'email'" in messages[0] or "field 'email'" in messages[1]
    assert any("consent_record_id" in m for m in messages)


def test_a_store_outside_the_activitys_systems_is_a_warning() -> None:
    data = _with_form(minimal())
    activity(data)["systems"] = []
    assert ("VL455", "newsletter") in codes(data)


@pytest.mark.parametrize(("change", "expected"), [
    (lambda f: f.update(activity="newsletr"), "unknown activity 'newsletr'"),
    (lambda f: f.update(store="shop.subscriber"), "unknown table 'shop.subscriber'"),
    (lambda f: f.update(after={"confirm": {"channel": "sms", "field": "email",
                                           "message": text("Takk", "Thanks")}}),
     "expected a field of type phone"),
])
def test_a_form_that_points_at_nothing_does_not_load(change: Any, expected: str) -> None:
    data = _with_form(minimal())
    change(data["forms"][0])
    with pytest.raises(VernlyError) as caught:
        load_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "p.yaml")
    assert expected in str(caught.value)
    assert "p.yaml:" in str(caught.value)
