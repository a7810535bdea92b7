"""Kari's customer row is pointed at by an order that is not hers (placed by a colleague,
holding the colleague's identity): it cannot be deleted without breaking that order, so it
is kept with her details erased and the result says so; an identity column that is the
key is reported as unchanged, never silently kept."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.samples.harness import erase_everywhere, sample, snapshot

SYSTEMS = """
- id: shop
  name: Shop
  kind: sql
  url: ${SAMPLE_SHOP_URL}
  tables:
    - name: accounts
      primary_key: email
      columns:
        - {name: email, category: user.contact.email, identity: email}
        - {name: name, category: user.name}
    - name: orders
      columns:
        - {name: id}
        - {name: account, category: user.contact.email}
        - {name: buyer_email, category: user.contact.email, identity: email}
      references:
        - {field: account, to: accounts.email, follow: none}
"""

DDL = {"shop": [
    "CREATE TABLE accounts (email VARCHAR(80) PRIMARY KEY, name VARCHAR(40))",
    "CREATE TABLE orders (id INTEGER PRIMARY KEY, "
    "account VARCHAR(80) NOT NULL REFERENCES accounts (email), buyer_email VARCHAR(80))",
]}
ROWS = {"shop": {
    "accounts": [{"email": "kari@example.no", "name": "Kari"},
                 {"email": "per@example.no", "name": "Per"}],
    "orders": [{"id": 1, "account": "kari@example.no", "buyer_email": "kari@example.no"},
               {"id": 2, "account": "kari@example.no", "buyer_email": "per@example.no"}],
}}


def test_karis_account_stays_for_pers_order_with_her_name_erased(tmp_path: Path) -> None:
    with sample(tmp_path, SYSTEMS, DDL, ROWS) as datamap:
        [outcome] = erase_everywhere(datamap, datetime(2026, 1, 1, tzinfo=UTC),
                                     email="kari@example.no")
        after = snapshot(datamap)
    assert after["shop.orders"] == [(2, "kari@example.no", "per@example.no")]
    assert after["shop.accounts"] == [("kari@example.no", None), ("per@example.no", "Per")]
    assert outcome.deleted == {"orders": 1}
    assert outcome.shared == {"accounts": 1}
    assert [u.to_dict() for u in outcome.unchanged] == [
        {"table": "accounts", "column": "email", "count": 1,
         "reason": "part of the primary key"}]
