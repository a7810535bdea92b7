"""An unknown data category is one short line: the three nearest known keys and where to
declare one's own, never the whole taxonomy."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.policy.support import activity, minimal
from vernly.policy.categories import CATEGORIES
from vernly.policy.errors import PolicyError
from vernly.policy.loader import load_text


def _problem(data: dict[str, Any]) -> str:
    with pytest.raises(PolicyError) as caught:
        load_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "vernly.yaml")
    lines = str(caught.value).splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def _named(line: str) -> list[str]:
    guesses = line.split("did you mean ", 1)[1].split("?", 1)[0]
    return [part.strip("'") for part in guesses.replace(" or ", ", ").split(", ")]


def test_a_misspelt_key_names_the_right_one_first_and_two_more() -> None:
    data = minimal()
    activity(data)["data_categories"] = ["user.contact.emial"]
    line = _problem(data)
    assert line.startswith("vernly.yaml:")
    assert "unknown data category 'user.contact.emial', did you mean 'user.contact.email'," \
        in line
    named = _named(line)
    assert len(named) == 3 and all(key in CATEGORIES for key in named)
    assert line.endswith("Declare your own under 'custom_categories'")
    assert len(line) < 300


@pytest.mark.parametrize(("written", "meant"), [
    ("user.email", "user.contact.email"),
    ("user.contact.job_title", "user.job_title"),
    ("user.demographic.birthdate", "user.demographic.date_of_birth"),
    ("user.contact.adress.street", "user.contact.address.street"),
    ("user.contact.postcode", "user.contact.address.postal_code"),
    ("usr.contact.phone_number", "user.contact.phone_number"),
])
def test_the_meant_key_is_the_first_named(written: str, meant: str) -> None:
    data = minimal()
    data["systems"][0]["tables"][0]["columns"][1]["category"] = written
    line = _problem(data)
    assert _named(line)[0] == meant
    assert len(line) < 300 and "custom_categories" in line


def test_a_key_like_nothing_known_still_gets_three_names_and_not_the_list() -> None:
    data = minimal()
    activity(data)["data_categories"] = ["zzz"]
    line = _problem(data)
    assert len(_named(line)) == 3
    assert len(line) < 300
    assert "expected one of" not in line


def test_custom_categories_are_among_the_names_offered() -> None:
    data = minimal()
    data["custom_categories"] = {"user.loyalty_points": {"nb": "Bonuspoeng",
                                                         "en": "Loyalty points"}}
    activity(data)["data_categories"] = ["user.loyalty_point"]
    assert _named(_problem(data))[0] == "user.loyalty_points"
