"""The docstrings under the policy models' fields and enum members, read from `models.py`.

Python keeps no docstring of an attribute at runtime. pydantic's `use_attribute_docstrings`
would read them from each model's source at import, about 25 ms for the policy's models,
which every command (an idle `vernly sweep` from cron too) would pay; only the reference
(`docs/policy.md`) and the editors' JSON Schema show them, so they read them here, once.
"""

from __future__ import annotations

import ast
import functools
import inspect

from vernly.policy import models


@functools.cache
def attribute_docs() -> dict[tuple[str, str], str]:
    """(class name, attribute name) to the cleaned docstring under it, for every class in
    `models.py`: fields (`name: type` lines) and enum members (`NAME = value` lines)."""
    tree = ast.parse(inspect.getsource(models))
    docs: dict[tuple[str, str], str] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        for current, after in zip(node.body, node.body[1:], strict=False):
            name = _assigned_name(current)
            if (name is not None and isinstance(after, ast.Expr)
                    and isinstance(after.value, ast.Constant)
                    and isinstance(after.value.value, str)):
                docs[(node.name, name)] = inspect.cleandoc(after.value.value)
    return docs


def field_doc(model: type, field: str) -> str | None:
    """The docstring under a model's field, None when it has none."""
    return attribute_docs().get((model.__name__, field))


def _assigned_name(statement: ast.stmt) -> str | None:
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id
    if (isinstance(statement, ast.Assign) and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)):
        return statement.targets[0].id
    return None
