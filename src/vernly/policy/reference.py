"""`docs/policy.md`, the reference of every key of `vernly.yaml`, written from the models.

Descriptions are the models' field docstrings, examples come from the example policy, and
the linter codes from each rule's `fields`, so the reference cannot say something the code
does not. `python -m vernly.policy.reference docs/policy.md` (`make policy-docs`) rewrites it.
"""

from __future__ import annotations

import inspect
import sys
import types
import typing
from collections.abc import Iterator
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from vernly.policy.attribute_docs import attribute_docs
from vernly.policy.durations import IsoDuration
from vernly.policy.lint import RULES
from vernly.policy.lint.findings import Rule
from vernly.policy.loader import load_example
from vernly.policy.models import CategoryKey, Id, Policy, Text

NOT_STATED_MEANS: dict[str, str] = {
    "Controller.dpo": "the notice does not say whether there is a data protection officer; "
                      "the records of processing say so. Write `null` when there is none, or "
                      "the officer's name and contact details.",
    "Recipient.country": "the notice does not say where the recipient processes the data; "
                         "VL302 warns, and whether a transfer safeguard is needed cannot be "
                         "judged.",
    "Recipient.transfer_mechanism": "the notice names no safeguard for a recipient that "
                                    "needs one; VL301 is an error for a third country.",
    "Activity.legal_basis": "the notice gives no legal basis; VL101 is an error until one "
                            "is written.",
    "Activity.retention": "the notice does not say how long the data is kept; VL201 is an "
                          "error, and the sweep deletes nothing for the activity (nothing is "
                          "deleted on a guess).",
}
"""What `not_stated` means for each key that accepts it (`Model.field`)."""

EXTRA_EXAMPLES: dict[str, Any] = {
    "Policy.erasure": {"key": "${VERNLY_ERASURE_KEY}",
                       "by_category": {"user.contact.email": "rewrite"}},
    "Policy.custom_categories": {"user.loyalty_points": {"nb": "Bonuspoeng",
                                                         "en": "Loyalty points"}},
    "Controller.dpo": {"name": "Kari Nordmann", "email": "personvernombud@example.no"},
    "Controller.time_zone": "Europe/Oslo",
    "Policy.branding": {"name": "Intility", "logo_url": "https://www.intility.no/logo.svg",
                        "colour": "#1b3a5c", "accent": "#e5a000"},
    "Branding.name": "Intility",
    "Branding.logo_url": "https://www.intility.no/logo.svg",
    "Branding.colour": "#1b3a5c",
    "Branding.accent": "#e5a000",
    "FormField.choices": [{"value": "oslo", "label": {"nb": "Oslo", "en": "Oslo"}},
                          {"value": "bergen", "label": {"nb": "Bergen", "en": "Bergen"}}],
    "FieldChoice.value": "oslo",
    "FieldChoice.label": {"nb": "Oslo", "en": "Oslo"},
    "Person.name": "Kari Nordmann",
    "Person.title": {"nb": "Personvernombud", "en": "Data protection officer"},
    "Person.email": "personvernombud@example.no",
    "Person.phone": "+47 22 00 00 00",
    "Authority.description": {"nb": "Du kan klage til Datatilsynet.",
                              "en": "You may complain to Datatilsynet."},
    "Recipient.transfer_mechanism": "SCCs (Art. 46(2)(c))",
    "Activity.description": {"nb": "Vi sender nyhetsbrev til dem som ber om det.",
                             "en": "We send newsletters to those who ask for them."},
    "Activity.special_categories": ["user.health_and_medical"],
    "LegalBasis.law": "bokføringsloven § 13",
    "LegalBasis.art9_condition": "9(2)(b)",
    "LegalBasis.dpv": "dpv:Consent",
    "Column.replacement": "slettet",
    "Reference.orphans": "delete",
    "Table.primary_key": ["order_id", "line_no"],
    "Complaint.text": {"nb": "Du kan klage til oss eller til Datatilsynet.",
                       "en": "You may complain to us or to Datatilsynet."},
    "ErasureDefaults.key": "${VERNLY_ERASURE_KEY}",
    "ErasureDefaults.by_category": {"user.contact.email": "rewrite", "user.name": "mask"},
    "WithdrawalChannel.description": {"nb": "Send en e-post til oss.",
                                      "en": "Send us an e-mail."},
}
"""Examples for keys the example policy does not use (`Model.field` -> value)."""

_EXAMPLE_LINES = 12
_TEXT_WIDTH = 72
_NAMED = ((Id, "id (lower-case letters, digits and `_`, starting with a letter)"),
          (CategoryKey, "data category key (e.g. `user.contact.email`)"),
          (IsoDuration, "ISO 8601 duration (e.g. `P7D`, `P12M`, `P5Y`)"))


def models_in_order() -> list[tuple[type[BaseModel], str]]:
    """Every model reachable from `Policy`, in the order a file reads (each under the first
    key leading to it), with that key's path."""
    found: dict[type[BaseModel], str] = {}

    def visit(model: type[BaseModel], path: str) -> None:
        found[model] = path
        for name, field in model.model_fields.items():
            for inner in _models_in(field.annotation):
                if inner not in found:
                    key = f"{path}.{name}" if path else name
                    visit(inner, key + ("[]" if _is_list(field.annotation) else ""))

    visit(Policy, "")
    return list(found.items())


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


def _is_list(annotation: Any) -> bool:
    return typing.get_origin(annotation) is list


def anchor(model: type[BaseModel]) -> str:
    return model.__name__.lower()


def _named(metadata: list[Any]) -> str | None:
    for alias, word in _NAMED:
        if any(m in metadata for m in typing.get_args(alias)[1:]):
            return word
    return None


def describe_type(annotation: Any, metadata: list[Any] | None = None) -> str:
    """How the reference names a field's type, with links to model sections."""
    named = _named(metadata or [])
    if named:
        return named
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return describe_type(args[0], list(args[1:]))
    if origin in (typing.Union, types.UnionType):
        parts = [describe_type(a) for a in args if a is not type(None)]
        if type(None) in args:
            parts.append("`null`")
        return " or ".join(dict.fromkeys(parts))
    if origin is Literal:
        values = [f"`{v}`" for v in args]
        return values[0] if len(values) == 1 else "one of " + ", ".join(values)
    if origin is list:
        return f"list of {describe_type(args[0])}"
    if origin is dict:
        return f"mapping of {describe_type(args[0])} to {describe_type(args[1])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{anchor(annotation)})"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in annotation)
    return _SCALARS.get(annotation, getattr(annotation, "__name__", str(annotation)))


_SCALARS: dict[Any, str] = {str: "string", int: "whole number", float: "number",
                            bool: "`true` or `false`", date: "date (YYYY-MM-DD)"}


def _enums_in(annotation: Any) -> Iterator[type[Enum]]:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _enums_in(arg)


def _member_docs() -> dict[tuple[str, str], str]:
    """Docstrings under enum members and fields of the models module, as one paragraph."""
    return {key: _one_paragraph(doc) for key, doc in attribute_docs().items()}


def _one_paragraph(text: str) -> str:
    return " ".join(inspect.cleandoc(text).split())


def accepts_not_stated(field: FieldInfo) -> bool:
    return "not_stated" in _literals(field.annotation)


def _literals(annotation: Any) -> set[Any]:
    if typing.get_origin(annotation) is Literal:
        return set(typing.get_args(annotation))
    return {v for arg in typing.get_args(annotation) for v in _literals(arg)}


def rules_for(key: str) -> list[Rule]:
    return [r for r in RULES if key in r.fields]


def examples() -> dict[str, Any]:
    """`Model.field` -> the first value the example policy gives it, as written."""
    loaded = load_example()
    found: dict[str, Any] = {}
    _collect(loaded.policy, loaded.data, found)
    return found


def _collect(obj: BaseModel, raw: Any, found: dict[str, Any]) -> None:
    if not isinstance(raw, dict):
        return
    for name, written in raw.items():
        key = f"{type(obj).__name__}.{name}"
        if key not in found and written not in (None, "not_stated", [], {}):
            found[key] = written
        value = getattr(obj, name, None)
        if isinstance(value, BaseModel):
            _collect(value, written, found)
        elif isinstance(value, list) and isinstance(written, list):
            for item, raw_item in zip(value, written, strict=False):
                if isinstance(item, BaseModel):
                    _collect(item, raw_item, found)


def _shorten(value: Any) -> Any:
    if isinstance(value, str) and len(value) > _TEXT_WIDTH:
        return value[: _TEXT_WIDTH - 1].rstrip() + "…"
    if isinstance(value, dict):
        return {k: _shorten(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shorten(v) for v in value]
    return value


class _Dumper(yaml.SafeDumper):
    """Quotes strings a YAML 1.2 reader (editors) would take for numbers: "0191"."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    quoted = value[:1].isdigit() and value.replace(" ", "").isdigit()
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'" if quoted else None)


_Dumper.add_representer(str, _str)


def example_yaml(name: str, value: Any) -> str:
    text = yaml.dump({name: _shorten(value)}, Dumper=_Dumper, allow_unicode=True,
                     sort_keys=False, width=100)
    lines = text.rstrip("\n").splitlines()
    if len(lines) > _EXAMPLE_LINES:
        lines = [*lines[:_EXAMPLE_LINES], "# …"]
    return "\n".join(lines)


def _default(field: FieldInfo) -> str:
    """The default of an optional field, as the reference words it."""
    value = field.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):
        return "empty"
    if isinstance(value, Enum):
        value = value.value
    if value is None:
        return "none (leave the key out)"
    return f"`{_inline(value)}`"


def _inline(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_inline(v)}" for k, v in value.items()) + "}"
    return str(value)


def _field_section(model: type[BaseModel], name: str, field: FieldInfo, path: str,
                   found: dict[str, Any], member_docs: dict[tuple[str, str], str]
                   ) -> list[str]:
    key = f"{model.__name__}.{name}"
    out = [f"### `{name}`", ""]
    if path:
        out += [f"`{path}.{name}`", ""]
    if doc := member_docs.get((model.__name__, name)):
        out += [doc, ""]
    out.append(f"- **type:** {describe_type(field.annotation, field.metadata)}")
    out.append("- **required**" if field.is_required()
               else f"- **optional**, default: {_default(field)}")
    if accepts_not_stated(field):
        out.append(f"- **`not_stated`:** {NOT_STATED_MEANS[key]}")
    else:
        out.append("- **`not_stated`:** not accepted here.")
    rules = rules_for(key)
    if rules:
        out.append("- **checked by:** " + "; ".join(
            f"[{r.code}](#{r.code.lower()}) {r.title} ({r.severity})" for r in rules))
    values = [f"  - `{member.value}`: {doc}"
              for enum in dict.fromkeys(_enums_in(field.annotation)) for member in enum
              if (doc := member_docs.get((enum.__name__, member.name)))]
    if values:
        out += ["- **values:**", *values]
    if key in found or key in EXTRA_EXAMPLES:
        source = ("the example policy" if key in found else "not in the example policy; "
                  "a sketch")
        out += ["", f"Example ({source}):", "", "```yaml",
                example_yaml(name, found.get(key, EXTRA_EXAMPLES.get(key))), "```"]
    return [*out, ""]


def _model_section(model: type[BaseModel], path: str, found: dict[str, Any],
                   member_docs: dict[tuple[str, str], str]) -> list[str]:
    # Text is used under dozens of keys: named by what it is, not by the first of them.
    shared = model is Text
    title = "The top level" if model is Policy else "Texts" if shared else f"`{path}`"
    out = [f'<a id="{anchor(model)}"></a>', "", f"## {title} ({model.__name__})", ""]
    if model.__doc__:
        out += [_one_paragraph(model.__doc__), ""]
    if shared:
        out += ["Used wherever the notice says something in words: a mapping of language "
                "to text, `{nb: ..., en: ...}`, with at least one of the two.", ""]
    keys = ", ".join(f"`{n}`" + ("" if f.is_required() else "?")
                     for n, f in model.model_fields.items())
    out += [f"Keys: {keys} (`?`: optional). Any other key is an error.", ""]
    prefix = "" if shared else path.replace("[]", "[n]")
    for name, field in model.model_fields.items():
        out += _field_section(model, name, field, prefix, found, member_docs)
    return out


def _rules_section() -> list[str]:
    out = ["## Linter codes", "",
           "Each code with the keys it checks; `vernly explain CODE` says how to fix it.", ""]
    for rule in RULES:
        keys = ", ".join(f"[`{k}`](#{k.split('.')[0].lower()})" for k in rule.fields)
        out += [f'<a id="{rule.code.lower()}"></a>',
                f"- **{rule.code}** ({rule.severity}, {rule.article}): {rule.title}. "
                f"Checks {keys}.", ""]
    return out


HEADER = """# The policy file, `vernly.yaml`: every key

<!-- Generated by `make policy-docs` from src/vernly/policy/models.py and the linter's
rules. Edit the field docstrings there, not this file: a test fails when it is stale. -->

`vernly.yaml` is the privacy notice as data. This reference lists every section and key:
its type, whether it is required and its default, what `not_stated` means there (the
notice is silent, and the linter reports it rather than vernly inventing a fact), an
example (from the built-in example policy, `vernly init`, where it has one), and the
linter codes that check it (`vernly policy check`; `vernly explain CODE`).

Editors complete and check the keys as you type: `vernly init` writes the JSON Schema to
`.vernly/policy.schema.json` and names it on the first line of `vernly.yaml`
(`# yaml-language-server: $schema=...`, for VS Code with the YAML extension and other
editors using yaml-language-server); `vernly policy schema` prints it, and
`vernly policy schema --out .vernly/policy.schema.json` refreshes it after an upgrade.

Texts (`Text`) are given in Norwegian (`nb`) and English (`en`). A key not listed for a
section is an error with a did-you-mean; an unknown data category names the three nearest.

## Contents
"""


def _label(model: type[BaseModel], path: str) -> str:
    return "top level" if model is Policy else "texts" if model is Text else f"`{path}`"


def render() -> str:
    """The whole reference as markdown."""
    order = models_in_order()
    found = examples()
    member_docs = _member_docs()
    out = HEADER.splitlines()
    out += [""] + [f"- [{_label(m, p)}](#{anchor(m)}) ({m.__name__})" for m, p in order] + [""]
    for model, path in order:
        out += _model_section(model, path, found, member_docs)
    out += _rules_section()
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if argv:
        Path(argv[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
