"""Cookies: VL601 no category, VL602 'necessary' cookie from a tracking processor, VL603 an
activity gated by a category the cookie table has no cookie in."""

from __future__ import annotations

from typing import Any

from tests.policy.support import activity, codes, lint_data, minimal, text


def _tracking(data: dict[str, Any]) -> None:
    """Ola Hansen's shop sends statistics to the mailer's analytics too."""
    act = activity(data)
    act["cookie_purpose"] = "statistics"
    data["cookies"].append({
        "name": "_stat", "site": text("Nettbutikken", "The webshop"),
        "purpose": text("Statistikk", "Statistics"), "stores": text("Besøks-id", "Visit id"),
        "controller": "Fjordkaffe AS", "processor": "mailer", "lifetime": "P1Y",
        "lifetime_text": text("1 år", "1 year"), "category": "statistics"})


def test_a_cookie_without_a_category_is_an_error() -> None:
    data = minimal()
    data["cookies"][0].pop("category")
    findings = lint_data(data)
    assert [(f.code, f.severity, f.cookie) for f in findings] == [
        ("VL601", "error", "session")]
    assert "ekomloven § 3-15" in findings[0].article


def test_a_necessary_cookie_set_by_a_processor_that_also_tracks_is_info() -> None:
    data = minimal()
    _tracking(data)
    data["cookies"][0]["processor"] = "mailer"
    assert [(f.code, f.severity, f.cookie) for f in lint_data(data)] == [
        ("VL602", "info", "session")]


def test_a_necessary_cookie_of_a_processor_that_does_not_track_is_fine() -> None:
    data = minimal()
    data["cookies"][0]["processor"] = "mailer"
    assert codes(data) == set()


def test_an_activity_relying_on_marketing_cookies_needs_them_in_the_table() -> None:
    data = minimal()
    activity(data)["cookie_purpose"] = "marketing"
    assert [(f.code, f.severity) for f in lint_data(data)] == [("VL603", "warning")]
    data["cookies"][0]["category"] = "marketing"
    assert codes(data) == set()
