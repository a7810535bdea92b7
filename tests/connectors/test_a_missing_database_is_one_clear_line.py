"""A system whose database is missing, unreachable or lacks a declared table fails with one
line naming the system, never a driver traceback, and nothing gets created by accident."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.connectors.cast import KARI_EMAIL, NOW
from vernly.connectors.datamap import DataMap
from vernly.connectors.identity import Identity
from vernly.errors import ConfigurationError
from vernly.policy.loader import load_example

KARI = Identity.of(email=KARI_EMAIL)


def test_a_missing_sqlite_file_is_reported_and_not_created(tmp_path: Path) -> None:
    datamap = DataMap(load_example().policy, tmp_path, {})
    with pytest.raises(ConfigurationError, match=r"system '\w+': database file .* does not"):
        datamap.collect(KARI, NOW)
    # The forms store is vernly's own database, made when first opened; no database of the
    # company's own systems (webshop, cases, visitors) is created by looking for someone.
    made = {p.name for p in (tmp_path / "data").glob("*")}
    assert {name.split(".")[0] for name in made} <= {"forms"}


def test_an_unreachable_server_is_reported(tmp_path: Path) -> None:
    env = {"VERNLY_WEBSHOP_URL": "postgresql+psycopg://postgres@127.0.0.1:9/none"
                                 "?connect_timeout=2"}
    datamap = DataMap(load_example().policy, tmp_path, env)
    with pytest.raises(ConfigurationError, match="system 'webshop': cannot reach the database"):
        datamap.erase(KARI, "webshop", NOW)


def test_a_table_the_policy_declares_but_the_database_lacks_is_named(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'visitors.sqlite'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE visits (id INTEGER PRIMARY KEY, full_name TEXT, "
                          "phone TEXT, host_name TEXT, school TEXT, arrived_at TEXT, "
                          "sms_confirmed_at TEXT)"))
    engine.dispose()
    datamap = DataMap(load_example().policy, tmp_path, {"VERNLY_VISITORS_URL": url})
    with pytest.raises(ConfigurationError,
                       match="table 'school_signups' declared in the policy does not exist"):
        datamap.sql("visitors").rows_for(KARI)
