"""Where the policy says `not_stated`, the notice says nothing rather than inventing a fact."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from tests.notices.support import text_of
from vernly.notices.render import render_notice
from vernly.policy.loader import LoadedPolicy, example_policy_path, load_policy


def _activity_block(html: str, activity_id: str) -> str:
    match = re.search(rf'<section class="activity" id="a-{activity_id}".*?</section>', html, re.S)
    assert match, activity_id
    return text_of(match.group(0))


def _edited_example(tmp_path: Path, edit: Any) -> LoadedPolicy:
    data = yaml.safe_load(example_policy_path().read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "vernly.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_policy(path)


def test_an_unstated_legal_basis_and_retention_are_left_out(example: LoadedPolicy) -> None:
    visitors = _activity_block(render_notice(example, "nb", "html"), "visitor_registration")
    assert "Behandlingsgrunnlag" not in visitors
    assert "Lagringstid" not in visitors
    assert "navn" in visitors and "SMS-leverandør" in visitors


def test_a_stated_legal_basis_and_retention_appear(tmp_path: Path) -> None:
    def state_them(data: dict[str, Any]) -> None:
        visitors = next(a for a in data["activities"] if a["id"] == "visitor_registration")
        visitors["legal_basis"] = {"article": "6(1)(f)",
                                   "legitimate_interest": {"nb": "Adgangskontroll",
                                                           "en": "Access control"}}
        visitors["retention"] = {"rules": [{"duration": "P30D", "trigger": "collected"}]}

    html = render_notice(_edited_example(tmp_path, state_them), "nb", "html")
    visitors = _activity_block(html, "visitor_registration")
    assert "Behandlingsgrunnlag Berettiget interesse (personvernforordningen art. 6 nr. 1 " \
           "bokstav f) Berettiget interesse: Adgangskontroll" in visitors
    assert "Lagringstid Slettes 30 dager etter innsamling" in visitors


def test_an_unstated_country_and_transfer_mechanism_are_blank(example: LoadedPolicy) -> None:
    text = text_of(render_notice(example, "en", "html"))
    assert "Google (Google Analytics, Google Tag Manager) processor United States" in text
    assert "not_stated" not in text and "not stated" not in text


def test_no_data_protection_officer_is_mentioned_when_the_policy_names_none(
        example: LoadedPolicy) -> None:
    assert "personvernombud" not in render_notice(example, "nb", "html")


def test_a_named_data_protection_officer_is_given_with_contact(tmp_path: Path) -> None:
    def add_dpo(data: dict[str, Any]) -> None:
        data["controller"]["dpo"] = {"name": "Kari Nordmann", "email": "dpo@intility.no"}

    html = render_notice(_edited_example(tmp_path, add_dpo), "nb", "html")
    assert "Vårt personvernombud er Kari Nordmann. Kontakt: dpo@intility.no" in text_of(html)
    assert '<a href="mailto:dpo@intility.no">' in html
