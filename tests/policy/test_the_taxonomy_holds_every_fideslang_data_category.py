"""The built-in taxonomy is fideslang's whole list of default data categories, every key of
which a policy may use, plus vernly's own keys; the data file says which fideslang it mirrors."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.policy.support import activity, minimal
from vernly.policy.categories import (
    CATEGORIES,
    FIDESLANG,
    FIDESLANG_FILE,
    FIDESLANG_VERSION,
    LABELS,
    VERNLY_CATEGORIES,
)
from vernly.policy.loader import load_text


def _load(data: dict[str, Any]) -> None:
    load_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "p.yaml")


@pytest.mark.parametrize("key", [
    "user.job_title", "user.demographic.date_of_birth", "user.contact.address.street",
    "user.contact.address.city", "user.contact.address.postal_code",
    "user.contact.address.country", "user.contact.address.state", "user.name.first",
    "user.government_id.passport_number", "user.financial.credit_card", "system.operations",
])
def test_the_taxonomy_holds_the_keys_the_subset_lacked(key: str) -> None:
    assert key in FIDESLANG
    assert key in CATEGORIES


def test_the_data_file_mirrors_fideslang_3_1_4_with_a_name_and_description_per_key() -> None:
    assert FIDESLANG_VERSION == "3.1.4"
    assert len(FIDESLANG) == 85
    assert all(entry.name.strip() and entry.description.strip() for entry in FIDESLANG.values())
    assert FIDESLANG["user.job_title"].name == "Job Title"
    parents = {key.rpartition(".")[0] for key in FIDESLANG} - {""}
    assert parents <= set(FIDESLANG), "every parent key is itself a category"


def test_the_data_file_carries_the_attribution() -> None:
    header = FIDESLANG_FILE.read_text(encoding="utf-8").split("\n\n")[0]
    assert "NOTICE" in header and "Ethyca" in header
    assert "Apache-2.0" in header and "CC BY 4.0" in header


def test_every_fideslang_key_is_accepted_in_a_policy() -> None:
    data = minimal()
    activity(data)["data_categories"] = list(FIDESLANG)
    data["systems"][0]["tables"][0]["columns"] += [
        {"name": f"c{i}", "category": key} for i, key in enumerate(FIDESLANG)]
    _load(data)


def test_vernly_keeps_its_own_keys_apart_from_fideslangs_and_words_every_key() -> None:
    assert not set(VERNLY_CATEGORIES) & set(FIDESLANG)
    assert set(LABELS) <= set(FIDESLANG)
    assert set(CATEGORIES) == set(FIDESLANG) | set(VERNLY_CATEGORIES)
    assert all(CATEGORIES[key] == LABELS[key] for key in LABELS)
