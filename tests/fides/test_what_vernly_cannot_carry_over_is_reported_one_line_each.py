"""Everything of a Fides dataset that the vernly declaration does not carry, or carries
differently, is one line with the file, line and dataset path; a summary counts them."""

from __future__ import annotations

from tests.fides.support import CLUB_WITH_AN_UNKNOWN_CATEGORY, shop
from vernly.policy.fides_import import import_fides


def _lines() -> list[str]:
    return shop().report()


def _line(path: str, words: str) -> str:
    found = [line for line in _lines() if f": {path}: " in line and words in line]
    assert len(found) == 1, (path, words, _lines())
    return found[0]


def test_each_line_names_the_file_line_and_dataset_path() -> None:
    line = _line("customer.tags", "return_all_elements")
    assert line.startswith("shop_dataset.yml:83:15: customer.tags: ")
    assert line.endswith("fides_meta 'return_all_elements' is not mapped")


def test_collection_ordering_hints_are_reported() -> None:
    assert "vernly orders its work by the references" in _line("customer", "'erase_after'")


def test_a_second_data_category_is_reported_with_the_one_kept() -> None:
    assert "kept 'user.financial'" in _line("orders.total", "system.operations")


def test_each_category_outside_the_taxonomy_is_reported_once_with_its_count() -> None:
    lines = import_fides(CLUB_WITH_AN_UNKNOWN_CATEGORY, "club.yml", None).report()
    found = [x for x in lines if "'user.physical.shoe_size' is not in vernly's taxonomy" in x]
    assert len(found) == 1
    assert "custom_categories (2 columns)" in found[0]
    # The full fideslang taxonomy holds every category of the shop dataset.
    assert not [x for x in _lines() if "is not in vernly's taxonomy" in x]


def test_references_that_need_a_decision_are_reported() -> None:
    assert "(VL901)" in _line("customer.support_rep_id", "no direction")
    assert "follow: none if the reference only names someone" in _line(
        "service_request.employee_id", "both hold people")
    assert "left to vernly's default" in _line("order_item.product_id", "'product'")


def test_the_last_line_counts_what_was_made_and_what_to_review() -> None:
    lines = _lines()
    assert lines[-1] == (f"shop_dataset.yml: 1 system, 9 tables, 39 columns, 10 references; "
                         f"{len(lines) - 1} to review")
    assert len(lines) - 1 == 8
