"""`vernly policy schema` prints the JSON Schema editors use: it accepts the example policy
and refuses a misspelt key, as the loader does."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from vernly.cli.main import app
from vernly.policy.errors import PolicyError
from vernly.policy.json_schema import SCHEMA_ID
from vernly.policy.loader import example_policy_path, load_text


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = CliRunner().invoke(app, ["policy", "schema"])
    assert result.exit_code == 0, result.output
    printed: dict[str, Any] = json.loads(result.stdout)
    return printed


def _example() -> dict[str, Any]:
    data = yaml.safe_load(example_policy_path().read_text(encoding="utf-8"))
    # As an editor reads YAML: dates are strings to a JSON Schema.
    as_json: dict[str, Any] = json.loads(json.dumps(data, default=str))
    return as_json


def _errors(schema: dict[str, Any], data: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft7Validator(schema)
    return [e.message for e in validator.iter_errors(data)]


def test_the_schema_is_a_valid_draft_7_schema_with_an_id(schema: dict[str, Any]) -> None:
    # Draft 7 is what yaml-language-server (VS Code's YAML extension) fully supports.
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$id"] == SCHEMA_ID
    assert schema["additionalProperties"] is False


def test_the_example_policy_validates(schema: dict[str, Any]) -> None:
    assert _errors(schema, _example()) == []


def test_every_section_refuses_unknown_keys_and_describes_its_keys(
        schema: dict[str, Any]) -> None:
    for name, definition in schema["definitions"].items():
        if definition.get("type") != "object":
            continue
        assert definition["additionalProperties"] is False, name
        for key, prop in definition["properties"].items():
            assert prop.get("description"), f"{name}.{key} has no description"


def test_a_misspelt_key_is_refused_by_the_schema_and_the_loader(
        schema: dict[str, Any]) -> None:
    data = _example()
    activity = data["activities"][0]
    activity["legal_bases"] = activity.pop("legal_basis")
    errors = _errors(schema, data)
    assert any("'legal_bases' was unexpected" in e for e in errors), errors
    with pytest.raises(PolicyError) as caught:
        load_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "vernly.yaml")
    assert "unknown key 'legal_bases'" in str(caught.value)
    assert "did you mean 'legal_basis'?" in str(caught.value)


def test_a_malformed_duration_and_id_are_refused_by_the_schema(
        schema: dict[str, Any]) -> None:
    data = _example()
    data["cookies"][0]["lifetime"] = "2 years"
    data["recipients"][0]["id"] = "Google Inc"
    errors = _errors(schema, data)
    assert any("'2 years'" in e for e in errors), errors
    assert any("'Google Inc' does not match" in e for e in errors), errors
