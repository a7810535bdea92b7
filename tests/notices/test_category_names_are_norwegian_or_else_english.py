"""Notices and the Art. 30 records name data categories in the reader's language: fideslang's
keys that the subset lacked have Norwegian names, and a category without one reads in English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.notices.support import text_of
from vernly.notices.render import render_notice
from vernly.notices.ropa import records
from vernly.notices.wording import category_name
from vernly.policy import categories
from vernly.policy.loader import LoadedPolicy, example_policy_path, load_example, load_policy

NEW = ["user.job_title", "user.demographic.date_of_birth", "user.contact.address.postal_code"]


@pytest.fixture
def edited(tmp_path: Path) -> LoadedPolicy:
    data: dict[str, Any] = yaml.safe_load(example_policy_path().read_text(encoding="utf-8"))
    contact = next(a for a in data["activities"] if a["id"] == "contact")
    contact["data_categories"] += NEW
    path = tmp_path / "vernly.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_policy(path)


def test_the_new_categories_read_in_norwegian_and_english(edited: LoadedPolicy) -> None:
    nb = text_of(render_notice(edited, "nb", "html"))
    en = text_of(render_notice(edited, "en", "html"))
    # In the notice's lists, bokmål writes the names in lower case.
    for words in ("stillingstittel", "fødselsdato", "postnummer"):
        assert words in nb
    for words in ("Job title", "Date of birth", "Postal code"):
        assert words in en


def test_the_records_of_processing_name_them_too(edited: LoadedPolicy) -> None:
    row = next(r for r in records(edited, "nb").controller if r["activity_id"] == "contact")
    assert "Stillingstittel" in row["personal_data"] and "Fødselsdato" in row["personal_data"]


def test_every_built_in_category_has_a_norwegian_name() -> None:
    policy = load_example().policy
    assert [key for key in categories.CATEGORIES
            if category_name(policy, key, "nb") == category_name(policy, key, "en")] == []


def test_a_category_without_a_norwegian_name_reads_in_english(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(categories.CATEGORIES, "user.new_fideslang_key", "New Fideslang Key")
    policy = load_example().policy
    assert category_name(policy, "user.new_fideslang_key", "nb") == "New Fideslang Key"
    assert category_name(policy, "user.new_fideslang_key", "en") == "New Fideslang Key"
