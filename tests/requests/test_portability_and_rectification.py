"""Portability (Art. 20) gives only what the person provided under consent or contract;
a basis the notice does not state is not assumed, and the package says so. Rectification
(Art. 16) writes the new value wherever the field lives."""

from __future__ import annotations

import json

import pytest

from tests.connectors.cast import KARI_EMAIL, KARI_PHONE, NOW
from tests.requests.desk import Desk
from tests.requests.support import query
from tests.support.packages import open_package
from vernly.errors import InvalidInput


def test_portability_includes_only_consent_and_contract_data_she_provided(
        sqlite_cast_desk: Desk) -> None:
    done = sqlite_cast_desk.at(NOW).operator_run("portability", KARI_EMAIL, KARI_PHONE)
    assert done.package_path
    package = open_package(done.package_path, sqlite_cast_desk.settings)
    data = json.loads(package.read("data.json"))
    tables = {(s, t): entry for s, sys_ in data["systems"].items()
              for t, entry in sys_["tables"].items()}
    # Her course registration (consent) is in, without what we recorded about it.
    [registration] = tables[("cases", "registrations")]["records"]
    assert set(registration["fields"]) == {"name", "email", "phone", "industry", "position"}
    # The webshop's basis is not stated in the notice: not assumed to be a contract.
    assert not any(s == "webshop" for s, _ in tables)
    assert data["excluded"]["webshop_orders"] == "legal_basis_not_stated"
    assert data["excluded"]["contact"] == "legal_basis_not_stated"
    nb = package.read("report.nb.html").decode()
    assert "Dataportabilitet" in nb and "behandlingsgrunnlaget er ikke oppgitt" in nb
    assert "csv/cases.registrations.csv" in package.namelist()


def test_rectification_writes_the_new_phone_wherever_it_lives(sqlite_cast_desk: Desk) -> None:
    ws = sqlite_cast_desk.settings.workspace
    done = sqlite_cast_desk.at(NOW).operator_run(
        "rectification", KARI_EMAIL, details={"changes": {"user.contact.phone_number":
                                                          "+4799988877"}})
    assert done.state == "completed", done.result
    assert query(ws, "webshop", "SELECT mobile FROM customers WHERE email = :e",
                 e=KARI_EMAIL)[0][0] == "+4799988877"
    assert query(ws, "cases", "SELECT phone FROM registrations WHERE email = :e",
                 e=KARI_EMAIL)[0][0] == "+4799988877"
    assert done.result["systems"]["webshop"]["customers"] == 1
    assert query(ws, "webshop", "SELECT count(*) FROM customers WHERE mobile = :p",
                 p=KARI_PHONE)[0][0] == 0


def test_rectifying_a_column_by_name(sqlite_cast_desk: Desk) -> None:
    ws = sqlite_cast_desk.settings.workspace
    sqlite_cast_desk.at(NOW).operator_run("rectification", KARI_EMAIL,
                                   details={"changes": {"position": "CTO"}})
    assert query(ws, "cases", "SELECT position FROM registrations WHERE email = :e",
                 e=KARI_EMAIL)[0][0] == "CTO"


def test_rectifying_a_field_no_system_holds_is_refused_before_anything_is_recorded(
        sqlite_cast_desk: Desk) -> None:
    with pytest.raises(InvalidInput, match="'shoe_size' is neither"):
        sqlite_cast_desk.operator_run("rectification", KARI_EMAIL,
                                      details={"changes": {"shoe_size": 42}})
    with pytest.raises(InvalidInput, match="at least one field"):
        sqlite_cast_desk.operator_run("rectification", KARI_EMAIL, details={"changes": {}})
