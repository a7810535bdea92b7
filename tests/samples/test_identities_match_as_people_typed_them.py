"""E-mail is matched case-insensitively and phone numbers in every stored form, on SQLite,
PostgreSQL and MariaDB; nothing else matches (not an accented address on an
accent-insensitive collation, not a neighbouring number, not a Swedish one)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.samples import identities
from tests.samples.harness import keys_found, sample
from vernly.connectors.datamap import DataMap


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres),
                        pytest.param("mariadb", marks=pytest.mark.mariadb)])
def crm(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DataMap]:
    if request.param == "sqlite":
        urls = None
    else:
        urls = {"crm": request.getfixturevalue(
            "postgres_url" if request.param == "postgresql" else "mariadb_url")}
    with sample(tmp_path, identities.SYSTEMS, identities.DDL, identities.ROWS,
                urls) as datamap:
        yield datamap


def test_an_address_is_found_whatever_its_case(crm: DataMap) -> None:
    assert keys_found(crm, email="jane@example.com") == {"crm.contacts": {1, 2}}
    assert keys_found(crm, email="JANE@Example.Com") == {"crm.contacts": {1, 2}}


def test_a_phone_number_is_found_in_every_form_people_store(crm: DataMap) -> None:
    expected = {10 + i for i in range(len(identities.PHONE_FORMS))}
    for typed in ("+4791234567", "912 34 567", "0047 91 23 45 67"):
        assert keys_found(crm, phone=typed) == {"crm.contacts": expected}


def test_a_national_id_is_matched_exactly(crm: DataMap) -> None:
    from vernly.connectors.identity import Identity

    found = crm.collect(Identity(identifiers=(("national_id", "01010012356"),)))
    assert {r.key for result in found for r in result.records} == {40}
    found = crm.collect(Identity(identifiers=(("national_id", "01010012357"),)))
    assert not [r for result in found for r in result.records]
