"""Load `vernly.yaml` into a `Policy`, or explain every problem in one line each.

Errors are the product's first impression: each is `file:line:column: what is wrong,
what was expected`. YAML is composed into nodes first so every value keeps its
position; pydantic's error locations are mapped back to those positions.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from vernly.policy.errors import PolicyError, Problem
from vernly.policy.models import Policy
from vernly.policy.references import check_references
from vernly.policy.syntax import syntax_problem

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    line: int
    column: int


@dataclass
class Positions:
    """Where each key and value of the document starts (1-based)."""

    keys: dict[Path_, Mark]
    values: dict[Path_, Mark]

    def of_value(self, path: Path_) -> Mark:
        while path and path not in self.values:
            path = path[:-1]
        return self.values.get(path, Mark(1, 1))

    def of_key(self, path: Path_) -> Mark:
        return self.keys.get(path) or self.of_value(path)


@dataclass(frozen=True)
class LoadedPolicy:
    """A valid policy with the positions of its parts, for linters and reports."""

    policy: Policy
    source: str
    positions: Positions
    data: Any
    """The document as parsed, for naming list items in messages."""

    def where(self, *path: str | int) -> str:
        mark = self.positions.of_key(tuple(path))
        return f"{self.source}:{mark.line}:{mark.column}"


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def _walk(node: yaml.Node, path: Path_, pos: Positions, problems: list[Problem], src: str) -> None:
    pos.values[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, Mark] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            here = _mark(key_node)
            if key in seen:
                problems.append(
                    Problem(src, here.line, here.column,
                            f"duplicate key '{key}' (first at line {seen[key].line}), "
                            "expected each key once")
                )
            seen[key] = here
            pos.keys[(*path, key)] = here
            _walk(value_node, (*path, key), pos, problems, src)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            pos.keys[(*path, index)] = _mark(item)
            _walk(item, (*path, index), pos, problems, src)


def parse_yaml(text: str, source: str, what: str = "the policy",
               expected: str = "a mapping with 'controller', 'activities', ...",
               ) -> tuple[Any, Positions]:
    """Parse YAML text, keeping positions; raises PolicyError on syntax errors.

    `what` and `expected` word the problem of an empty file or a top level that is not a
    mapping, for documents other than the policy (a Fides dataset file).
    """
    try:
        return _parse_yaml(text, source, what, expected, FAST_LOADER)
    except PolicyError:
        # libyaml words syntax errors differently: the pure-Python parser reports them.
        return _parse_yaml(text, source, what, expected, yaml.SafeLoader)


FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML has it: several times faster on a policy file."""


def _parse_yaml(text: str, source: str, what: str, expected: str, loader_class: Any
                ) -> tuple[Any, Positions]:
    loader = loader_class(text)
    problems: list[Problem] = []
    try:
        node = loader.get_single_node()
        if node is None:
            raise PolicyError([Problem(source, 1, 1, f"{what} is empty, expected {expected}")])
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise PolicyError([syntax_problem(exc, text, source)]) from None
    finally:
        loader.dispose()
    positions = Positions({}, {})
    _walk(node, (), positions, problems, source)
    if problems:
        raise PolicyError(problems)
    if not isinstance(data, dict):
        raise PolicyError([Problem(source, 1, 1, f"{what} must be a mapping at the top level, "
                                                 f"got {kind_of(data)}")])
    return data, positions


def kind_of(value: Any) -> str:
    """How an error message names a YAML value of the wrong kind."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {value!r}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    return f"{str(value)!r}"


def display_path(path: Path_, data: Any = None) -> str:
    """`activities[3] (cctv).retention` style path; list items are named by their id."""
    out = ""
    current = data
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            item = current[part] if isinstance(current, list) and part < len(current) else None
            name = item.get("id") or item.get("name") if isinstance(item, dict) else None
            if isinstance(name, str):
                out += f" ({name})"
            current = item
        else:
            out += f".{part}" if out else str(part)
            current = current.get(part) if isinstance(current, dict) else None
    return out or "the top level"


def _clean(loc: tuple[Any, ...], data: Any, missing: bool) -> tuple[Path_, list[str]]:
    """Split a pydantic location into the real document path and the union tags on it."""
    path: list[str | int] = []
    tags: list[str] = []
    current = data
    for index, part in enumerate(loc):
        if isinstance(current, dict) and part in current:
            path.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            path.append(part)
            current = current[part]
        elif missing and index == len(loc) - 1:
            path.append(part)  # the missing field itself: its parent exists, it does not
        else:
            tags.append(str(part))
    return tuple(path), tags


def _value_at(data: Any, path: Path_) -> Any:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)  # type: ignore[call-overload]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _model_for(path: Path_) -> type[BaseModel] | None:
    """The model class that validates the mapping at `path` (for did-you-mean on keys)."""
    model: Any = Policy
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if model else None
        if field is None:
            return None
        model = _model_in(field.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


_TYPE_WORDS = {
    "string_type": "a string",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_type": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
}


def _expected(err: dict[str, Any]) -> str:
    kind = err["type"]
    if kind in _TYPE_WORDS:
        return _TYPE_WORDS[kind]
    if kind in ("literal_error", "enum"):
        expected = str(err.get("ctx", {}).get("expected", ""))
        return expected if "," not in expected and " or " not in expected else "one of " + expected
    return ""


def _fields(parent: Path_) -> list[str]:
    model = _model_for(parent)
    return sorted(model.model_fields) if model else []


def suggest(word: str, options: list[str]) -> str | None:
    """The one option close to `word`; None when none is, or several are equally close."""
    close = difflib.get_close_matches(word, options, n=2, cutoff=0.6)
    if len(close) == 2 and (difflib.SequenceMatcher(None, word, close[0]).ratio()
                            == difflib.SequenceMatcher(None, word, close[1]).ratio()):
        return None
    return close[0] if close else None


_QUOTED = re.compile(r"'([^']*)'")


def _choices(errs: list[dict[str, Any]]) -> list[str]:
    """The literal values any of the errors would have accepted."""
    return [v for e in errs if e["type"] in ("literal_error", "enum")
            for v in _QUOTED.findall(str(e.get("ctx", {}).get("expected", "")))]


def _message(err: dict[str, Any], path: Path_, data: Any, alts: list[str],
             choices: list[str]) -> tuple[str, bool]:
    """The one-line message and whether it points at the key (True) or the value."""
    where = display_path(path, data)
    kind = err["type"]
    if kind == "extra_forbidden":
        parent, key = path[:-1], path[-1]
        fields = _fields(parent)
        close = suggest(str(key), fields)
        hint = f"did you mean '{close}'?" if close else f"expected one of: {', '.join(fields)}"
        return f"unknown key '{key}' in {display_path(parent, data)}, {hint}", True
    if kind == "missing":
        parent, key = path[:-1], path[-1]
        return f"missing required field '{key}' in {display_path(parent, data)}", False
    value = _value_at(data, path)
    if kind == "value_error":
        msg = str(err.get("ctx", {}).get("error", err["msg"]))
        return f"{where}: {msg}", False
    if isinstance(value, str) and (close := suggest(value, choices)):
        return f"{where}: unknown value {value!r}, did you mean '{close}'?", False
    expected = " or ".join(dict.fromkeys(a for a in [_expected(err), *alts] if a))
    if expected:
        return f"{where}: got {kind_of(value)}, expected {expected}", False
    return f"{where}: {err['msg']}", False


def _problems_from(exc: ValidationError, data: Any, pos: Positions, src: str) -> list[Problem]:
    grouped: dict[Path_, list[tuple[dict[str, Any], list[str]]]] = {}
    for err in exc.errors():
        path, tags = _clean(tuple(err["loc"]), data, err["type"] == "missing")
        grouped.setdefault(path, []).append((dict(err), tags))
    # A misspelt required key is one mistake: report the unknown key with its did-you-mean,
    # not also the field it was meant to be as missing.
    misspelt = {(*path[:-1], close) for path, errs in grouped.items()
                if errs[0][0]["type"] == "extra_forbidden"
                and (close := suggest(str(path[-1]), _fields(path[:-1])))}
    problems: list[Problem] = []
    for path, errs in grouped.items():
        deeper = any(other[: len(path)] == path and len(other) > len(path) for other in grouped)
        # Errors of one union member at the union itself are noise when another member
        # got further (the input was a mapping): report only the deeper errors then.
        if deeper and all(tags for _, tags in errs):
            continue
        first, *rest = errs
        if first[0]["type"] == "missing" and path in misspelt:
            continue
        alts = [_expected(e) for e, _ in rest]
        msg, on_key = _message(first[0], path, data, alts, _choices([e for e, _ in errs]))
        mark = pos.of_key(path) if on_key or first[0]["type"] == "missing" else pos.of_value(path)
        if first[0]["type"] == "missing":
            mark = pos.of_value(path[:-1])
        problems.append(Problem(src, mark.line, mark.column, msg))
    return problems


def load_text(text: str, source: str = "vernly.yaml") -> LoadedPolicy:
    """Validate policy text; raise PolicyError listing every problem."""
    data, positions = parse_yaml(text, source)
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        raise PolicyError(sorted(_problems_from(exc, data, positions, source))) from None
    loaded = LoadedPolicy(policy, source, positions, data)
    problems = check_references(loaded)
    if problems:
        raise PolicyError(sorted(problems))
    return loaded


def load_policy(path: Path | str) -> LoadedPolicy:
    """Read and validate a policy file."""
    file = Path(path)
    if file.is_dir():
        file = file / "vernly.yaml"
    text = read_source(file, "no policy file here; run 'vernly init' to create one")
    return load_text(text, str(file))


def read_source(file: Path, missing: str, expected: str = "a file") -> str:
    """A YAML source file's text; a missing file, a folder or bytes that are not UTF-8
    are one PolicyError line (`missing` says what to do about the first)."""
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError([Problem(str(file), 0, 0, missing)]) from None
    except IsADirectoryError:
        raise PolicyError([Problem(str(file), 0, 0, f"a folder, expected {expected}")]) from None
    except UnicodeDecodeError as exc:
        raise PolicyError([Problem(str(file), 1, exc.start + 1,
                                   "the file is not UTF-8 text")]) from None


def example_policy_path() -> Path:
    return Path(__file__).parent / "example" / "vernly.yaml"


def load_example() -> LoadedPolicy:
    """The built-in example policy (the seed notice)."""
    return load_policy(example_policy_path())
