"""The policy's JSON Schema, for editors: completion, descriptions and errors as you type.

Written from the same models the loader validates with, so the schema accepts what the
loader accepts as far as JSON Schema can say it (ids, categories and references across
sections are checked by the loader alone). Unknown keys are refused by both.
"""

from __future__ import annotations

import json
from typing import Any

from vernly.policy.attribute_docs import attribute_docs
from vernly.policy.models import Policy

SCHEMA_ID = "urn:vernly:policy:1"
"""The schema's `$id`; the 1 is the policy's `schema_version`."""
SCHEMA_FILE = "policy.schema.json"
"""The schema's file name under the workspace's `.vernly/` folder (`vernly init`)."""
DIALECT = "http://json-schema.org/draft-07/schema#"
"""Draft 7: the newest one yaml-language-server (VS Code's YAML extension) fully supports."""


def policy_schema() -> dict[str, Any]:
    """The JSON Schema of `vernly.yaml`, descriptions from the models' field docstrings."""
    schema = Policy.model_json_schema(ref_template="#/definitions/{model}")
    schema["definitions"] = schema.pop("$defs")  # draft 7's name for them
    _describe_fields(schema)
    _tidy(schema)
    return {"$schema": DIALECT, "$id": SCHEMA_ID, **schema,
            "title": "vernly policy (vernly.yaml)"}


def _describe_fields(schema: dict[str, Any]) -> None:
    """Each property gets the docstring under its field (pydantic does not read them; see
    `attribute_docs`), its keys sorted as pydantic sorts the rest of the schema."""
    described = [(Policy.__name__, schema), *schema["definitions"].items()]
    for model_name, node in described:
        properties: dict[str, Any] = node.get("properties", {})
        for name, prop in properties.items():
            doc = attribute_docs().get((model_name, name))
            if doc is not None and "description" not in prop:
                properties[name] = dict(sorted({**prop, "description": doc}.items()))


def _tidy(node: Any) -> None:
    """Descriptions on one line each, as editors show them in a hover."""
    if isinstance(node, dict):
        if isinstance(node.get("description"), str):
            node["description"] = " ".join(node["description"].split())
        for value in node.values():
            _tidy(value)
    elif isinstance(node, list):
        for value in node:
            _tidy(value)


def schema_text() -> str:
    return json.dumps(policy_schema(), indent=2, ensure_ascii=False) + "\n"


def modeline(schema_path: str) -> str:
    """The first line of `vernly.yaml` that points yaml-language-server at the schema."""
    return f"# yaml-language-server: $schema={schema_path}\n"
