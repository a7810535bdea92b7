"""Every category the example policy names is built in: vernly's own keys that fideslang lacks
(e.g. `user.workplace.position`, `user.sensor.video`) stay beside fideslang's."""

from __future__ import annotations

import re

from vernly.policy.categories import CATEGORIES, FIDESLANG, VERNLY_CATEGORIES
from vernly.policy.loader import example_policy_path, load_example


def test_the_example_names_only_built_in_keys_and_some_of_vernlys_own() -> None:
    policy = load_example().policy
    assert policy.custom_categories == {}
    used = {key for a in policy.activities
            for key in (*a.data_categories, *a.special_categories, *a.anonymised_claims)}
    used |= {key for s in policy.systems for key in s.categories}
    used |= {c.category for s in policy.systems for t in s.tables for c in t.columns
             if c.category}
    assert used <= set(CATEGORIES)
    assert used & set(VERNLY_CATEGORIES) >= {"user.workplace.position", "user.sensor.video",
                                              "user.financial.order", "user.education.school"}


def test_every_dotted_key_written_in_the_example_file_is_built_in() -> None:
    text = example_policy_path().read_text(encoding="utf-8")
    written = set(re.findall(r"\b(?:user|system)(?:\.[a-z_]+)+\b", text))
    assert written and written <= set(CATEGORIES)
    assert written & set(FIDESLANG)
