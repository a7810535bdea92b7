"""Older Fides files say `fidesops_meta` where newer ones say `fides_meta`, and the Fides
API returns one dataset as a mapping without the `dataset:` list; both are read."""

from __future__ import annotations

from vernly.policy.fides_import import import_fides
from vernly.policy.models import Follow

OLDER = """
dataset:
  - fides_key: postgres_example
    collections:
      - name: customer
        fields:
          - name: email
            data_categories: [user.contact.email]
            fidesops_meta: {identity: email, data_type: string}
          - name: id
            fidesops_meta: {primary_key: True}
      - name: orders
        fields:
          - name: customer_id
            fidesops_meta:
              references:
                - {dataset: postgres_example, field: customer.id, direction: from}
          - name: id
            fidesops_meta: {primary_key: True}
"""


def test_fidesops_meta_is_read_like_fides_meta() -> None:
    system = import_fides(OLDER, "older.yml").systems[0]
    customer, orders = system.tables
    assert (customer.primary_key, customer.columns[0].identity) == ("id", "email")
    assert (orders.references[0].to, orders.references[0].follow) == (
        "customer.id", Follow.down)


def test_one_dataset_given_as_a_mapping_is_read() -> None:
    single = "\n".join(line[4:] for line in OLDER.splitlines()[3:])
    single = "fides_key: postgres_example\n" + single
    assert import_fides(single, "one.yml").systems[0].id == "postgres_example"
