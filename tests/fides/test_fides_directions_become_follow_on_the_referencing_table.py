"""Fides `direction` says which way a request may travel a reference; vernly keeps the
reference on the table holding the other's key and says the same with `follow`
(docs/requests.md, "Importing from Fides")."""

from __future__ import annotations

from tests.fides.support import references, shop
from vernly.policy.fides_import import import_fides
from vernly.policy.models import Follow


def test_from_on_the_referencing_field_is_follow_down() -> None:
    # orders.customer_id references customer.id, direction from: orders are found from
    # the customer, i.e. down from the parent to the rows pointing at it.
    ref = references(shop().systems[0], "orders")[("customer_id",)]
    assert (ref.to, ref.follow) == ("customer.id", Follow.down)
    ref = references(shop().systems[0], "service_request")[("employee_id",)]
    assert (ref.to, ref.follow) == ("employee.id", Follow.down)


def test_to_on_the_referencing_field_is_follow_up() -> None:
    # customer.address_id references address.id, direction to: the address is found from
    # the customer, up from the row to the row it points at, and erased with her as in Fides.
    system = shop().systems[0]
    ref = references(system, "customer")[("address_id",)]
    assert (ref.to, ref.follow) == ("address.id", Follow.up)
    assert references(system, "orders")[("shipping_address_id",)].follow == Follow.up


def test_to_into_a_table_without_personal_data_keeps_vernlys_default() -> None:
    # order_item.product_id -> product.id, direction to: a product holds no personal data;
    # Fides reads it and masks nothing, which is vernly's default (context, never erased).
    ref = references(shop().systems[0], "order_item")[("product_id",)]
    assert (ref.to, ref.follow) == ("product.id", None)


def test_a_reference_declared_on_the_key_side_moves_to_the_referencing_table() -> None:
    # customer.id references login.customer_id, direction to: the logins are found from the
    # customer. vernly writes it on login, pointing at customer.id, as follow: down.
    system = shop().systems[0]
    assert references(system, "customer").keys() == {("address_id",), ("support_rep_id",)}
    ref = references(system, "login")[("customer_id",)]
    assert (ref.to, ref.follow) == ("customer.id", Follow.down)


def test_a_reference_without_direction_has_no_follow() -> None:
    ref = references(shop().systems[0], "customer")[("support_rep_id",)]
    assert (ref.to, ref.follow) == ("employee.id", None)


def test_references_to_each_column_of_a_composite_key_become_one_composite_reference() -> None:
    refs = references(shop().systems[0], "order_item_note")
    assert list(refs) == [("item_no", "order_id")]
    ref = refs[("item_no", "order_id")]
    assert ref.targets == ("order_item.item_no", "order_item.order_id")
    assert ref.follow == Follow.down


CRM = """
dataset:
  - fides_key: crm
    collections:
      - name: account
        fields:
          - name: id
            fides_meta:
              primary_key: true
              references:
                - {dataset: crm, field: profile.account_id, direction: from}
                - {dataset: crm, field: note.account_id, direction: to}
          - name: holder
            data_categories: [user.name]
      - name: note
        fields:
          - name: account_id
            fides_meta:
              references:
                - {dataset: crm, field: account.id, direction: from}
          - name: id
          - name: text
            data_categories: [user.content.private]
      - name: profile
        fields:
          - name: account_id
            fides_meta:
              references:
                - {dataset: crm, field: account.id, direction: from}
          - name: email
            data_categories: [user.contact.email]
            fides_meta: {identity: email}
"""


def test_directions_given_on_both_sides_combine() -> None:
    # profile.account_id from account.id: down. account.id from profile.account_id (declared
    # on the key side): the account is found from the profile, up. Together: both.
    system = import_fides(CRM, "crm.yml").systems[0]
    ref = references(system, "profile")[("account_id",)]
    assert (ref.to, ref.follow) == ("account.id", Follow.both)


def test_the_same_reference_declared_on_both_sides_is_written_once() -> None:
    # note.account_id from account.id, and account.id to note.account_id: the same edge.
    system = import_fides(CRM, "crm.yml").systems[0]
    assert references(system, "account") == {}
    refs = references(system, "note")
    assert list(refs) == [("account_id",)]
    assert refs[("account_id",)].follow == Follow.down
