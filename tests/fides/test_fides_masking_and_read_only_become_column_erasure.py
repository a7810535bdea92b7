"""A Fides field's masking override and read_only become the column's erasure where vernly
has the same effect; keys and reference columns are never rewritten, so nothing is set on
them, and a strategy vernly lacks is reported."""

from __future__ import annotations

from tests.fides.support import shop
from vernly.policy.fides_import import import_fides
from vernly.policy.models import ErasureAction


def test_string_rewrite_becomes_replace_and_read_only_becomes_keep() -> None:
    tables = {t.name: {c.name: c for c in t.columns} for t in shop().systems[0].tables}
    name = tables["employee"]["name"]
    assert (name.erasure, name.replacement) == (ErasureAction.replace_with, "former employee")
    assert tables["orders"]["total"].erasure == ErasureAction.keep


DOCUMENT = """
dataset:
  - fides_key: app
    collections:
      - name: account
        fields:
          - name: id
            fides_meta:
              primary_key: true
              read_only: true
              masking_strategy_override: {strategy: hash}
          - name: nickname
            data_categories: [user.name]
            fides_meta:
              masking_strategy_override: {strategy: null_rewrite}
          - name: secret
            data_categories: [user.authorization]
            fides_meta:
              masking_strategy_override:
                strategy: aes_encrypt
                configuration: {mode: GCM}
          - name: token
            data_categories: [user.device.cookie_id]
            fides_meta:
              masking_strategy_override: {strategy: hmac}
"""


def test_each_strategy_maps_or_is_reported() -> None:
    result = import_fides(DOCUMENT, "app.yml")
    columns = {c.name: c.erasure for c in result.systems[0].tables[0].columns}
    assert columns == {"id": None, "nickname": ErasureAction.null, "secret": None,
                       "token": ErasureAction.hash}
    assert [(u.path, u.message) for u in result.unmapped] == [
        ("account.id", "masking strategy 'hash' on a key or reference column is not mapped: "
                       "vernly never rewrites those"),
        ("account.secret", "masking strategy 'aes_encrypt' is not mapped (vernly has null, "
                           "mask, replace, hash and rewrite)"),
    ]
