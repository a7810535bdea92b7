"""A declared reference that no foreign key enforces is checked against a bounded sample
of the data: values with no row to point at are an error (the policy names the wrong
columns, or the data is broken); a reference the sample bears out is a note."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, String, Table

from tests.connect.support import check, create, line_of, workspace

TABLES = """\
      - name: coupons
        references:
          - {field: owner_id, to: subscribers.id}
        columns:
          - {name: id}
          - {name: owner_id}
          - {name: code}
"""


def _create(url: str, owners: list[int | None]) -> None:
    metadata = MetaData()
    Table("subscribers", metadata, Column("id", Integer, primary_key=True),
          Column("email", String(200)), Column("subscribed_at", String(40)))
    Table("coupons", metadata, Column("id", Integer, primary_key=True),
          Column("owner_id", Integer), Column("code", String(20)))
    create(url, metadata, {
        "subscribers": [{"id": i, "email": None, "subscribed_at": "2025-01-01"}
                        for i in (1, 2, 3)],
        "coupons": [{"id": i + 1, "owner_id": owner, "code": f"C{i}"}
                    for i, owner in enumerate(owners)]})


def test_values_with_no_row_to_point_at_are_an_error(db_url: str, tmp_path: Path) -> None:
    _create(db_url, [1, 2, 7, 8, None])
    policy = workspace(tmp_path, db_url, TABLES)

    result = check(tmp_path, {"SHOP_URL": db_url})

    assert result.exit_code == 1
    [wrong] = result.of("VL955")
    assert (wrong["line"], wrong["column"]) == line_of(policy, "owner_id, to:")
    assert wrong["message"].startswith("reference coupons.owner_id → subscribers.id: 2 of 4 "
                                       "sampled values have no row in 'subscribers'")


def test_a_reference_the_data_bears_out_is_a_note_that_no_foreign_key_enforces_it(
        db_url: str, tmp_path: Path) -> None:
    _create(db_url, [1, 2, 3, 3, None])
    workspace(tmp_path, db_url, TABLES)

    result = check(tmp_path, {"SHOP_URL": db_url})

    assert (result.exit_code, result.codes()) == (0, ["VL956"])
    [note] = result.of("VL956")
    assert note["severity"] == "info"
    assert "no foreign key in the database enforces it; the 3 sampled values all have a row" \
        in note["message"]


def test_a_composite_reference_is_sampled_as_a_whole(db_url: str, tmp_path: Path) -> None:
    metadata = MetaData()
    Table("subscribers", metadata, Column("id", Integer, primary_key=True),
          Column("email", String(200)), Column("subscribed_at", String(40)))
    Table("shops", metadata, Column("id", Integer, primary_key=True),
          Column("region", String(10)), Column("shop_no", Integer))
    Table("visits", metadata, Column("id", Integer, primary_key=True),
          Column("region", String(10)), Column("shop_no", Integer))
    create(db_url, metadata, {
        "shops": [{"id": 1, "region": "oslo", "shop_no": 1},
                  {"id": 2, "region": "bergen", "shop_no": 2}],
        # (oslo, 2) has each value somewhere, but no row with both.
        "visits": [{"id": 1, "region": "oslo", "shop_no": 1},
                   {"id": 2, "region": "oslo", "shop_no": 2},
                   {"id": 3, "region": None, "shop_no": 9}]})
    workspace(tmp_path, db_url, """\
      - name: shops
        columns:
          - {name: id}
          - {name: region}
          - {name: shop_no}
      - name: visits
        references:
          - {field: [region, shop_no], to: [shops.region, shops.shop_no]}
        columns:
          - {name: id}
          - {name: region}
          - {name: shop_no}
""")
    [wrong] = check(tmp_path, {"SHOP_URL": db_url}).of("VL955")
    assert wrong["message"].startswith("reference visits.[region, shop_no] → "
                                       "shops.[region, shop_no]: 1 of 2 sampled values")
