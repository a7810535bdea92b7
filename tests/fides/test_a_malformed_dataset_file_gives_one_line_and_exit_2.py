"""The installed `vernly import fides` answers a file that is not a Fides dataset with one
line saying where and what is wrong, and exit code 2; never a traceback, never output."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fides.support import vernly

CASES = {
    "not_yaml": (
        "dataset:\n  - fides_key: shop\n    collections:\n      - name: customer\n"
        "       fields: []\n",
        "not_yaml.yml:5:8: YAML syntax error: this line's indentation does not match the "
        "lines above, expected it to line up with the keys of its block",
    ),
    "not_fides": (
        "systems:\n  - id: shop\n    kind: sql\n",
        "not_fides.yml:1:1: not a Fides dataset file, expected a top-level 'dataset:' list of "
        "datasets with fides_key and collections",
    ),
    "field_without_name": (
        "dataset:\n"
        "  - fides_key: shop\n"
        "    collections:\n"
        "      - name: customer\n"
        "        fields:\n"
        "          - name: id\n"
        "          - data_categories: [user.name]\n",
        "field_without_name.yml:7:13: customer: field without 'name', expected a 'name' on "
        "every one",
    ),
    "collection_without_fields": (
        "dataset:\n  - fides_key: shop\n    collections:\n      - name: customer\n",
        "collection_without_fields.yml:4:9: collection 'customer' without 'fields', expected "
        "a list of fields (columns)",
    ),
    "bad_direction": (
        "dataset:\n"
        "  - fides_key: shop\n"
        "    collections:\n"
        "      - name: orders\n"
        "        fields:\n"
        "          - name: customer_id\n"
        "            fides_meta:\n"
        "              references:\n"
        "                - {dataset: shop, field: customer.id, direction: up}\n",
        "bad_direction.yml:9:55: orders.customer_id: reference direction 'up', expected "
        "'from' or 'to'",
    ),
    "empty": ("# nothing here\n", "empty.yml:1:1: the dataset file is empty, expected a "
                                  "Fides 'dataset:' list"),
    "a_list": ("- fides_key: shop\n", "a_list.yml:1:1: the dataset file must be a mapping at "
                                      "the top level, got a list"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_one_line_with_where_and_exit_2(name: str, tmp_path: Path) -> None:
    text, expected = CASES[name]
    (tmp_path / f"{name}.yml").write_text(text, encoding="utf-8")
    done = vernly("import", "fides", f"{name}.yml", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", expected + "\n")


def test_a_missing_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = vernly("import", "fides", "nowhere.yml", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "nowhere.yml: no such file, expected a Fides dataset file\n"


def test_a_system_id_that_is_not_an_id_is_one_line_and_exit_2() -> None:
    done = vernly("import", "fides", "shop_dataset.yml", "--system", "Shop-DB")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("shop_dataset.yml: --system: 'Shop-DB' is not an id, expected "
                           "lower-case letters, digits and '_', starting with a letter\n")


def test_a_binary_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "dump.yml").write_bytes(b"dataset:\n  - \xff\xfe\n")
    done = vernly("import", "fides", "dump.yml", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "dump.yml:1:14: the file is not UTF-8 text\n"
    assert "Traceback" not in done.stderr
