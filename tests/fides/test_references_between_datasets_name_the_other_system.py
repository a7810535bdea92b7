"""Each dataset of a file becomes a system; a reference into another dataset names that
system (`system.table.column`), and one into a dataset the file lacks is reported."""

from __future__ import annotations

import pytest

from tests.fides.support import into_example_policy, references
from vernly.policy.errors import PolicyError
from vernly.policy.fides_import import import_fides
from vernly.policy.models import Follow

TWO = """
dataset:
  - fides_key: webshop_pg
    name: Webshop (PostgreSQL)
    collections:
      - name: customer
        fields:
          - name: email
            data_categories: [user.contact.email]
            fides_meta: {identity: email}
          - name: id
            fides_meta: {primary_key: true}
  - fides_key: Support.Desk
    name: Support desk
    collections:
      - name: ticket
        fields:
          - name: customer_id
            fides_meta:
              references:
                - {dataset: webshop_pg, field: customer.id, direction: from}
          - name: id
          - name: body
            data_categories: [user.content.private]
          - name: agent_id
            fides_meta:
              references:
                - {dataset: hr_system, field: employee.id, direction: to}
"""


def test_every_dataset_becomes_a_system_with_a_normalised_id() -> None:
    result = import_fides(TWO, "two.yml")
    assert [s.id for s in result.systems] == ["webshop_pg", "support_desk"]


def test_a_reference_into_another_dataset_of_the_file_names_its_system() -> None:
    ticket = references(import_fides(TWO, "two.yml").systems[1], "ticket")
    ref = ticket[("customer_id",)]
    assert (ref.to, ref.follow) == ("webshop_pg.customer.id", Follow.down)


def test_a_reference_into_a_dataset_the_file_lacks_is_kept_and_reported() -> None:
    result = import_fides(TWO, "two.yml")
    ref = references(result.systems[1], "ticket")[("agent_id",)]
    assert (ref.to, ref.follow) == ("hr_system.employee.id", Follow.up)
    [line] = [u for u in result.unmapped if u.path == "ticket.agent_id"]
    assert "dataset 'hr_system', which is not in this file" in line.message


def test_the_systems_load_into_a_policy_once_the_other_dataset_is_there() -> None:
    complete = TWO + """
  - fides_key: hr_system
    collections:
      - name: employee
        fields:
          - name: id
          - name: name
            data_categories: [user.name]
"""
    policy = into_example_policy(import_fides(complete, "three.yml")).policy
    assert policy.system("support_desk").tables[0].references[0].target() == (
        "webshop_pg", "customer", ("id",))


def test_system_names_one_system_so_it_needs_a_file_with_one_dataset() -> None:
    with pytest.raises(PolicyError) as caught:
        import_fides(TWO, "two.yml", "shop")
    assert str(caught.value) == ("two.yml: --system names one system, but the file holds 2 "
                                 "datasets (webshop_pg, Support.Desk); expected it only with "
                                 "one dataset")
