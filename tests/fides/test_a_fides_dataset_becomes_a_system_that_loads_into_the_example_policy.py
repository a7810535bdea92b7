"""A Fides dataset file becomes one vernly system: it loads into a real policy, with the
keys, identities and categories the dataset declares."""

from __future__ import annotations

from tests.fides.support import CLUB_WITH_AN_UNKNOWN_CATEGORY, into_example_policy, shop
from vernly.policy.fides_import import import_fides
from vernly.policy.lint import lint


def test_the_imported_system_loads_next_to_the_example_policys_own() -> None:
    policy = into_example_policy(shop()).policy
    system = policy.system("shop_db")
    assert system.kind == "sql"
    assert system.name == "Shop Database"
    assert system.url == "${SHOP_DB_DATABASE_URL}"
    assert [t.name for t in system.tables] == [
        "address", "customer", "employee", "login", "order_item", "order_item_note", "orders",
        "product", "service_request"]
    assert {s.id for s in policy.systems} >= {"webshop", "cases", "shop_db"}


def test_primary_key_fields_become_the_tables_key_a_list_when_there_are_several() -> None:
    tables = {t.name: t for t in shop().systems[0].tables}
    assert tables["customer"].primary_key == "id"
    assert tables["order_item"].primary_key == ["item_no", "order_id"]
    assert tables["order_item"].key_columns == ("item_no", "order_id")


def test_identities_become_vernly_identity_kinds() -> None:
    tables = {t.name: t for t in shop().systems[0].tables}
    customer = {c.name: c for c in tables["customer"].columns}
    assert customer["email"].identity == "email"
    assert customer["phone"].identity == "phone"  # Fides says phone_number
    assert customer["loyalty_number"].identity == "loyalty_id"  # a custom kind, kept
    assert customer["name"].identity is None
    assert tables["customer"].holds_people()
    assert not tables["address"].holds_people()


def test_each_column_gets_the_fields_data_category() -> None:
    tables = {t.name: t for t in shop().systems[0].tables}
    assert {c.name: c.category for c in tables["customer"].columns}["email"] == (
        "user.contact.email")
    assert {c.name: c.category for c in tables["address"].columns} == {
        "city": "user.contact.address.city", "id": "system.operations",
        "street": "user.contact.address.street", "zip": "user.contact.address.postal_code"}
    # Two categories: the personal one is kept (and the other reported).
    assert {c.name: c.category for c in tables["orders"].columns}["total"] == "user.financial"


def test_categories_outside_vernlys_taxonomy_are_kept_and_listed() -> None:
    # The taxonomy is fideslang's own, so the example dataset's categories are all known.
    assert shop().unknown_categories == ()
    result = import_fides(CLUB_WITH_AN_UNKNOWN_CATEGORY, "club.yml", None)
    assert result.unknown_categories == ("user.physical.shoe_size",)
    assert result.systems[0].tables[0].columns[1].category == "user.physical.shoe_size"


def test_the_system_id_can_be_given() -> None:
    result = shop("webshop_pg")
    assert result.systems[0].id == "webshop_pg"
    assert result.systems[0].url == "${WEBSHOP_PG_DATABASE_URL}"
    assert into_example_policy(result).policy.system("webshop_pg")


def test_the_linter_asks_only_what_the_import_report_already_asked() -> None:
    findings = [f for f in lint(into_example_policy(shop())) if f.system == "shop_db"]
    assert [(f.code, "customer.support_rep_id" in f.message) for f in findings] == [
        ("VL901", True)]
    assert any("customer.support_rep_id" in line and "(VL901)" in line
               for line in shop().report())
