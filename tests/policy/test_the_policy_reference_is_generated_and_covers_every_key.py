"""`docs/policy.md` is written from the models: it is current, and every model and every
key of every model has its section with a description, a type, an example and what
`not_stated` means there."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from vernly.policy import models
from vernly.policy.attribute_docs import field_doc
from vernly.policy.reference import (
    EXTRA_EXAMPLES,
    NOT_STATED_MEANS,
    accepts_not_stated,
    anchor,
    examples,
    render,
)

REFERENCE = Path(__file__).parents[2] / "docs" / "policy.md"
POLICY_MODELS = [cls for _, cls in inspect.getmembers(models, inspect.isclass)
                 if issubclass(cls, models.Model) and cls is not models.Model]
KEYS = [(cls, name) for cls in POLICY_MODELS for name in cls.model_fields]


@pytest.fixture(scope="module")
def reference() -> str:
    return render()


def _section(text: str, model: type[BaseModel]) -> str:
    start = text.index(f'<a id="{anchor(model)}"></a>')
    after = text.find('<a id="', start + 1)
    return text[start: after if after != -1 else len(text)]


def test_the_committed_reference_is_what_make_policy_docs_writes(reference: str) -> None:
    assert REFERENCE.read_text(encoding="utf-8") == reference, (
        "docs/policy.md is stale: run 'make policy-docs'")


@pytest.mark.parametrize("model", POLICY_MODELS, ids=lambda m: m.__name__)
def test_every_model_has_a_section(model: type[BaseModel], reference: str) -> None:
    assert f'<a id="{anchor(model)}"></a>' in reference


@pytest.mark.parametrize(("model", "name"), KEYS, ids=[f"{m.__name__}.{n}" for m, n in KEYS])
def test_every_key_has_a_description_type_example_and_not_stated_line(
        model: type[BaseModel], name: str, reference: str) -> None:
    # The docstring under the field (read from models.py; pydantic does not keep it).
    description = field_doc(model, name)
    assert description, f"{model.__name__}.{name} has no docstring"
    section = _section(reference, model)
    part = section.split(f"### `{name}`\n", 1)[1].split("\n### ", 1)[0]
    assert " ".join(description.split()) in part
    assert re.search(r"^- \*\*type:\*\* .+$", part, re.M)
    assert re.search(r"^- \*\*(required|optional)\*\*", part, re.M)
    assert "- **`not_stated`:**" in part
    assert "```yaml\n" + name + ":" in part, f"{model.__name__}.{name} has no example"


def test_not_stated_is_explained_exactly_where_the_models_accept_it() -> None:
    accepting = {f"{m.__name__}.{n}" for m, n in KEYS if accepts_not_stated(m.model_fields[n])}
    assert accepting == set(NOT_STATED_MEANS)
    assert "Activity.legal_basis" in accepting


def test_hand_written_examples_are_only_for_keys_the_example_policy_leaves_out() -> None:
    real = {f"{m.__name__}.{n}" for m, n in KEYS}
    assert set(EXTRA_EXAMPLES) <= real
    assert not set(EXTRA_EXAMPLES) & set(examples())


def test_a_key_lists_the_linter_codes_that_check_it(reference: str) -> None:
    section = _section(reference, models.Activity)
    part = section.split("### `legal_basis`\n", 1)[1].split("\n### ", 1)[0]
    assert "[VL101](#vl101)" in part
    assert "VL201" not in part
