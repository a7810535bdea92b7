"""`primary_key: [order_id, item_no]` and composite references: items of one order are
separate rows, each found and each erased; another order's item 1 is never touched."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.samples.harness import erase_everywhere, keys_found, sample, snapshot

SYSTEMS = """
- id: shop
  name: Shop
  kind: sql
  url: ${SAMPLE_SHOP_URL}
  tables:
    - name: orders
      primary_key: order_id
      columns:
        - {name: order_id}
        - {name: email, category: user.contact.email, identity: email}
    - name: order_items
      primary_key: [order_id, item_no]
      columns:
        - {name: order_id}
        - {name: item_no}
        - {name: product, category: user.behavior.purchase_history}
      references:
        - {field: order_id, to: orders.order_id}
    - name: item_notes
      primary_key: note_id
      columns:
        - {name: note_id}
        - {name: order_id}
        - {name: item_no}
        - {name: note, category: user.content.private}
      references:
        - {field: [order_id, item_no], to: [order_items.order_id, order_items.item_no]}
"""

DDL = {"shop": [
    "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, email VARCHAR(80))",
    "CREATE TABLE order_items (order_id INTEGER NOT NULL REFERENCES orders (order_id), "
    "item_no INTEGER NOT NULL, product VARCHAR(40), PRIMARY KEY (order_id, item_no))",
    "CREATE TABLE item_notes (note_id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, "
    "item_no INTEGER NOT NULL, note VARCHAR(80), FOREIGN KEY (order_id, item_no) "
    "REFERENCES order_items (order_id, item_no))",
]}

ROWS = {"shop": {
    "orders": [{"order_id": 1, "email": "kari@example.no"},
               {"order_id": 2, "email": "per@example.no"}],
    "order_items": [{"order_id": 1, "item_no": 1, "product": "Mus"},
                    {"order_id": 1, "item_no": 2, "product": "Tastatur"},
                    {"order_id": 2, "item_no": 1, "product": "Skjerm"}],
    "item_notes": [{"note_id": 1, "order_id": 1, "item_no": 2, "note": "Gave"},
                   {"note_id": 2, "order_id": 2, "item_no": 1, "note": "Ring først"},
                   {"note_id": 3, "order_id": 1, "item_no": 1, "note": "Haster"}],
}}


def test_every_item_of_karis_order_is_found_with_its_notes(tmp_path: Path) -> None:
    with sample(tmp_path, SYSTEMS, DDL, ROWS) as datamap:
        assert keys_found(datamap, email="kari@example.no") == {
            "shop.orders": {1}, "shop.order_items": {(1, 1), (1, 2)},
            "shop.item_notes": {1, 3}}


def test_erasure_removes_each_of_her_items_and_nothing_of_pers(tmp_path: Path) -> None:
    with sample(tmp_path, SYSTEMS, DDL, ROWS) as datamap:
        [outcome] = erase_everywhere(datamap, datetime(2026, 1, 1, tzinfo=UTC),
                                     email="kari@example.no")
        after = snapshot(datamap)
    assert outcome.deleted == {"orders": 1, "order_items": 2, "item_notes": 2}
    assert after == {"shop.orders": [(2, "per@example.no")],
                     "shop.order_items": [(2, 1, "Skjerm")],
                     "shop.item_notes": [(2, 2, 1, "Ring først")]}
