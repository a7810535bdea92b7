"""A Fides object field is one SQL (JSON) column: vernly declares the column with the most
general category of the fields nested in it, and reports each nested field."""

from __future__ import annotations

from tests.fides.support import shop
from vernly.policy.fides_import import import_fides


def test_the_object_column_gets_the_common_category_of_its_children() -> None:
    customer = next(t for t in shop().systems[0].tables if t.name == "customer")
    column = next(c for c in customer.columns if c.name == "preferences")
    # channel: user.privacy_preferences, street: user.privacy_preferences.delivery
    assert column.category == "user.privacy_preferences"
    assert column.identity is None


def test_each_nested_field_is_reported_with_what_was_lost() -> None:
    lines = [line for line in shop().report() if "customer.preferences." in line]
    assert lines == [
        "shop_dataset.yml:67:17: customer.preferences.channel: nested field without a SQL "
        "column, its data is in column 'preferences' (user.privacy_preferences)",
        "shop_dataset.yml:69:17: customer.preferences.street: nested field without a SQL "
        "column, its data is in column 'preferences' (user.privacy_preferences); not mapped: "
        "its identity 'street_name' (vernly finds people by whole columns)",
    ]


DOCUMENT = """
dataset:
  - fides_key: profiles
    collections:
      - name: profile
        fields:
          - name: id
          - name: details
            fields:
              - name: employer
                data_categories: [user.workplace.employer]
              - name: contact
                fields:
                  - name: email
                    data_categories: [user.contact.email]
          - name: reference_to_nested
            fides_meta:
              references:
                - {dataset: profiles, field: profile.details.contact.email, direction: from}
"""


def test_deeper_nesting_takes_the_common_prefix_and_references_into_it_are_reported() -> None:
    result = import_fides(DOCUMENT, "profiles.yml")
    table = result.systems[0].tables[0]
    assert {c.name: c.category for c in table.columns} == {
        "id": None, "details": "user", "reference_to_nested": None}
    assert table.references == []
    paths = [u.path for u in result.unmapped]
    assert paths == ["profile.details.employer", "profile.details.contact",
                     "profile.details.contact.email", "profile.reference_to_nested"]
    assert "nested field" in result.unmapped[-1].message
