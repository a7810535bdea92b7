"""A key declared under `custom_categories` is known: in an activity, a system and a column."""

from __future__ import annotations

import yaml

from tests.policy.support import activity, lint_data, minimal
from vernly.policy.loader import load_text


def test_a_custom_category_loads_and_lints_clean() -> None:
    data = minimal()
    data["custom_categories"] = {"user.loyalty_points": {"nb": "Bonuspoeng",
                                                         "en": "Loyalty points"}}
    data["systems"][0]["tables"][0]["columns"].append(
        {"name": "points", "category": "user.loyalty_points"})
    activity(data)["data_categories"].append("user.loyalty_points")
    loaded = load_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "p.yaml")
    assert "user.loyalty_points" in loaded.policy.activities[0].data_categories
    assert lint_data(data) == []
