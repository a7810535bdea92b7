"""The data map: VL701 a category no system of the activity holds, VL702 no system at all."""

from __future__ import annotations

from tests.policy.support import activity, codes, lint_data, minimal


def test_a_declared_category_no_system_holds_is_a_warning() -> None:
    data = minimal()
    activity(data)["data_categories"].append("user.contact.phone_number")
    findings = lint_data(data)
    assert [(f.code, f.severity, f.category) for f in findings] == [
        ("VL701", "warning", "user.contact.phone_number")]
    data["systems"][0]["tables"][0]["columns"].append(
        {"name": "mobile", "category": "user.contact.phone_number"})
    assert codes(data) == set()


def test_a_general_category_is_held_by_a_column_of_a_narrower_one() -> None:
    data = minimal()
    activity(data)["data_categories"] = ["user.contact"]
    assert codes(data) == set()


def test_a_table_of_another_activity_does_not_count() -> None:
    data = minimal()
    data["systems"][0]["tables"].append({
        "name": "orders", "activity": "club", "timestamp_field": "at",
        "columns": [{"name": "id"}, {"name": "at"},
                    {"name": "phone", "category": "user.contact.phone_number"}]})
    club = dict(activity(data), id="club", section="3", data_categories=[
        "user.contact.phone_number"])
    club["retention"] = {"rules": [{"duration": "P1Y", "trigger": "collected",
                                    "datasets": ["shop.orders"]}]}
    data["activities"].append(club)
    activity(data)["data_categories"].append("user.contact.phone_number")
    assert codes(data) == {("VL701", "newsletter")}


def test_an_activity_without_systems_is_a_warning() -> None:
    data = minimal()
    activity(data)["systems"] = []
    activity(data)["retention"] = {"rules": [{"duration": "P12M", "trigger": "collected",
                                              "action": "manual"}]}
    assert codes(data) == {("VL702", "newsletter")}
