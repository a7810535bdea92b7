"""Erasing Mary deletes her payments, rentals and customer row; the address she shares with
Patricia, the film copies and every row of Patricia and Linda stay byte-identical."""

from __future__ import annotations

from pathlib import Path

from tests.samples import rentals
from tests.samples.harness import erase_everywhere, keys_found, sample, snapshot


def test_mary_gets_her_rows_and_her_address_and_films_as_context(tmp_path: Path) -> None:
    with sample(tmp_path, rentals.systems(), rentals.DDL, rentals.ROWS) as datamap:
        assert keys_found(datamap, email=rentals.MARY) == {
            "rental.customer": {1}, "rental.rental": {1}, "rental.payment": {1},
            "rental.address": {1}, "rental.inventory": {1}}


def test_erasing_mary_changes_only_her_own_rows(tmp_path: Path) -> None:
    with sample(tmp_path, rentals.systems(), rentals.DDL, rentals.ROWS) as datamap:
        before = snapshot(datamap)
        [outcome] = erase_everywhere(datamap, rentals.NOW, email=rentals.MARY)
        after = snapshot(datamap)
    assert outcome.deleted == {"customer": 1, "rental": 1, "payment": 1}
    expected = dict(before)
    expected["rental.customer"] = [r for r in before["rental.customer"] if r[0] != 1]
    expected["rental.rental"] = [r for r in before["rental.rental"] if r[0] != 1]
    expected["rental.payment"] = [r for r in before["rental.payment"] if r[0] != 1]
    assert after == expected


def test_a_masking_erasure_keeps_the_address_key_pointing_where_it_did(tmp_path: Path) -> None:
    with sample(tmp_path, rentals.systems(customer_erasure="mask"), rentals.DDL,
                rentals.ROWS) as datamap:
        erase_everywhere(datamap, rentals.NOW, email=rentals.MARY)
        customers = snapshot(datamap)["rental.customer"]
    # Mary's row stays with her name and address masked; the integer keys stay as they were.
    assert customers[0] == (1, "[slettet]", "[slettet]", 1, 1)
    assert customers[1:] == [(2, "Patricia", rentals.PATRICIA, 1, 1),
                             (3, "Linda", rentals.LINDA, 2, 2)]


def test_an_address_left_to_nobody_goes_only_where_the_policy_says_so(tmp_path: Path) -> None:
    with sample(tmp_path, rentals.systems(orphans=True), rentals.DDL, rentals.ROWS) as datamap:
        erase_everywhere(datamap, rentals.NOW, email=rentals.MARY)
        assert [r[0] for r in snapshot(datamap)["rental.address"]] == [1, 2]  # Patricia's
        [outcome] = erase_everywhere(datamap, rentals.NOW, email=rentals.LINDA)
        assert [r[0] for r in snapshot(datamap)["rental.address"]] == [1]
    assert outcome.deleted["address"] == 1
