"""The example policy hosts the seed's five collection points, each on its activity."""

from __future__ import annotations

from vernly.policy.lint import lint
from vernly.policy.loader import load_example


def test_the_example_declares_the_five_forms_on_their_activities() -> None:
    policy = load_example().policy
    assert {f.id: (f.activity, [x.name for x in f.fields]) for f in policy.forms} == {
        "visitor": ("visitor_registration", ["full_name", "phone", "host"]),
        "course": ("courses_seminars", ["email", "full_name", "phone"]),
        "school_visit": ("school_visits", ["full_name", "email", "school"]),
        "survey": ("user_surveys", ["full_name", "employer"]),
        "contact": ("contact", ["full_name", "email", "phone", "message"]),
    }
    assert [f.id for f in policy.forms if f.kiosk] == ["visitor"]
    assert {f.id for f in policy.forms if f.consent} == {"course", "school_visit", "survey"}


def test_the_example_forms_raise_no_finding() -> None:
    findings = [f for f in lint(load_example()) if f.code.startswith("VL45")]
    assert findings == []
