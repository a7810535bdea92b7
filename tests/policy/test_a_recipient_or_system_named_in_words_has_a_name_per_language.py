"""A recipient's or system's name may be one string (a proper name, the same in every language,
as policies always wrote it) or `{nb, en}` when it is words ('Budtjenester' / 'Courier
services'); each page prints the name in its own language, and a name given in one language
only is listed like any other text (VL851)."""

from __future__ import annotations

from typing import Any

import yaml

from tests.policy.support import codes, minimal, text
from vernly.notices.render import render_notice
from vernly.policy.loader import load_text


def _load(data: dict[str, Any]) -> Any:
    return load_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "p.yaml")


def test_a_single_string_name_stays_valid_and_reads_the_same_in_both_languages() -> None:
    policy = _load(minimal()).policy
    assert policy.recipients[0].name_in("nb") == policy.recipients[0].name_in("en") == \
        "Postmann AS"
    assert policy.systems[0].name_in("en") == "Nettbutikk"


def test_a_name_in_words_is_printed_in_the_notices_language() -> None:
    data = minimal()
    data["recipients"][0]["name"] = text("Budtjenester", "Courier services")
    data["recipients"][0]["agreement"] = text("Databehandleravtalen", "The processing agreement")
    data["systems"][0]["name"] = text("Nettbutikk", "Webshop")
    loaded = _load(data)
    assert loaded.policy.systems[0].name_in("en") == "Webshop"
    nb, en = render_notice(loaded, "nb", "md"), render_notice(loaded, "en", "md")
    assert "Budtjenester" in nb and "Courier services" not in nb
    assert "Courier services" in en and "Budtjenester" not in en


def test_a_name_given_in_one_language_is_listed_as_a_missing_text() -> None:
    data = minimal()
    data["recipients"][0]["name"] = {"nb": "Budtjenester"}
    assert any(code == "VL851" for code, _ in codes(data))
    assert "[nb] Budtjenester" in render_notice(_load(data), "en", "md")
