"""Each linter rule names the policy keys it checks (`Model.field`); the names must stay real
so `docs/policy.md` can list every key's codes."""

from __future__ import annotations

import pytest

from vernly.policy import models
from vernly.policy.lint import RULES
from vernly.policy.lint.findings import Rule


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_the_rule_names_at_least_one_key_and_each_exists(rule: Rule) -> None:
    assert rule.fields, f"{rule.code} names no policy key in 'fields'"
    for key in rule.fields:
        model_name, _, field = key.partition(".")
        model = getattr(models, model_name, None)
        assert isinstance(model, type) and issubclass(model, models.Model), key
        assert field in model.model_fields, f"{rule.code}: {key} is not a key of {model_name}"
