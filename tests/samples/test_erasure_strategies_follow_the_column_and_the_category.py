"""Kept rows lose their details by the strategy the policy names: per column (null,
replace, hash, rewrite), else by data category (`erasure.by_category`, longest prefix),
else the table's action; keys and references keep their values."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.samples.harness import erase_everywhere, sample, snapshot
from vernly.errors import ConfigurationError

SYSTEMS = """
- id: club
  name: Club
  kind: sql
  url: ${SAMPLE_CLUB_URL}
  tables:
    - name: members
      erasure: mask
      columns:
        - {name: id}
        - {name: email, category: user.contact.email, identity: email, erasure: rewrite}
        - {name: member_no, category: user.unique_id, identity: member_number, erasure: hash}
        - {name: name, category: user.name, erasure: replace, replacement: Anonym}
        - {name: phone, category: user.contact.phone_number}
        - {name: fee, category: user.financial}
        - {name: city, category: user.contact.address.city}
"""

DDL = {"club": ["CREATE TABLE members (id INTEGER PRIMARY KEY, email VARCHAR(80) NOT NULL, "
                "member_no VARCHAR(64), name VARCHAR(40), phone VARCHAR(20), fee INTEGER, "
                "city VARCHAR(40))"]}
ROWS = {"club": {"members": [
    {"id": 1, "email": "Kari@Example.no", "member_no": "M-1", "name": "Kari",
     "phone": "+4791234567", "fee": 500, "city": "Oslo"},
    {"id": 2, "email": "per@example.no", "member_no": "M-2", "name": "Per",
     "phone": "+4741111111", "fee": 300, "city": "Bergen"},
]}}
NOW = datetime(2026, 1, 1, tzinfo=UTC)
KEY = {"key": "${CLUB_ERASURE_KEY}",
       "by_category": {"user.financial": "keep", "user.contact": "null"}}


def test_each_column_gets_its_strategy_and_per_stays_as_he_was(tmp_path: Path) -> None:
    with sample(tmp_path, SYSTEMS, DDL, ROWS, erasure=KEY) as datamap:
        datamap.env["CLUB_ERASURE_KEY"] = "s3cret"
        [outcome] = erase_everywhere(datamap, NOW, email="kari@example.no")
        rows = snapshot(datamap)["club.members"]
    digest = hmac.new(b"s3cret", b"M-1", hashlib.sha256).hexdigest()
    kari = rows[0]
    assert kari[0] == 1
    assert kari[1].startswith("deleted-") and kari[1].endswith("@invalid")
    assert kari[1:] == (kari[1], digest, "Anonym", None, 500, None)
    assert rows[1] == (2, "per@example.no", "M-2", "Per", "+4741111111", 300, "Bergen")
    assert outcome.masked == {"members": 1}


def test_hashing_without_a_key_is_refused_before_anything_changes(tmp_path: Path) -> None:
    with sample(tmp_path, SYSTEMS, DDL, ROWS, erasure={"key": "${CLUB_ERASURE_KEY}"}) as dm:
        before = snapshot(dm)
        with pytest.raises(ConfigurationError, match="CLUB_ERASURE_KEY is not set"):
            erase_everywhere(dm, NOW, email="kari@example.no")
        assert snapshot(dm) == before
