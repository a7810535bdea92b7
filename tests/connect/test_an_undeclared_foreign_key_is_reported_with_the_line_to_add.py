"""A foreign key in the database that the policy does not declare is a path a request
would not follow: the live check warns and gives the exact `references:` entry to add,
composite ones as lists."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import (
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
)

from tests.connect.support import check, create, line_of, workspace

TABLES = """\
      - name: orders
        primary_key: [shop, order_no]
        columns:
          - {name: shop}
          - {name: order_no}
          - {name: subscriber_id}
      - name: order_lines
        columns:
          - {name: id}
          - {name: shop}
          - {name: order_no}
          - {name: product}
"""


def _schema() -> MetaData:
    metadata = MetaData()
    Table("subscribers", metadata, Column("id", Integer, primary_key=True),
          Column("email", String(200)), Column("subscribed_at", String(40)))
    Table("orders", metadata, Column("shop", String(20), nullable=False),
          Column("order_no", Integer, nullable=False, autoincrement=False),
          Column("subscriber_id", Integer, ForeignKey("subscribers.id")),
          PrimaryKeyConstraint("shop", "order_no"))
    Table("order_lines", metadata, Column("id", Integer, primary_key=True),
          Column("shop", String(20)), Column("order_no", Integer),
          Column("product", String(40)),
          ForeignKeyConstraint(["shop", "order_no"], ["orders.shop", "orders.order_no"]))
    return metadata


def test_each_undeclared_foreign_key_is_a_warning_with_its_entry(db_url: str,
                                                                 tmp_path: Path) -> None:
    create(db_url, _schema())
    policy = workspace(tmp_path, db_url, TABLES)

    result = check(tmp_path, {"SHOP_URL": db_url})

    assert result.exit_code == 0  # warnings only
    found = {f["message"].split(" in the database")[0]: f for f in result.of("VL957")}
    assert set(found) == {"foreign key orders.subscriber_id → subscribers.id",
                          "foreign key order_lines.[shop, order_no] → orders.[shop, order_no]"}
    single = found["foreign key orders.subscriber_id → subscribers.id"]
    assert single["message"].endswith(
        "add to the references of 'orders': - {field: subscriber_id, to: subscribers.id}")
    assert single["line"] == line_of(policy, "- name: orders")[0]
    composite = found["foreign key order_lines.[shop, order_no] → orders.[shop, order_no]"]
    assert composite["message"].endswith(
        "- {field: [shop, order_no], to: [orders.shop, orders.order_no]}")
    assert all(f["severity"] == "warning" for f in found.values())


def test_declaring_them_as_suggested_leaves_nothing_to_report(db_url: str,
                                                              tmp_path: Path) -> None:
    create(db_url, _schema())
    tables = TABLES.replace(
        "        primary_key: [shop, order_no]\n",
        "        primary_key: [shop, order_no]\n        references:\n"
        "          - {field: subscriber_id, to: subscribers.id}\n").replace(
        "      - name: order_lines\n",
        "      - name: order_lines\n        references:\n"
        "          - {field: [shop, order_no], to: [orders.shop, orders.order_no]}\n")
    workspace(tmp_path, db_url, tables)
    result = check(tmp_path, {"SHOP_URL": db_url})
    assert (result.exit_code, result.codes()) == (0, [])
