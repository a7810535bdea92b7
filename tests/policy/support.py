"""Helpers for the policy tests: the minimal policy as data, linted after a change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from vernly.policy.lint import Finding, lint
from vernly.policy.loader import load_text

HERE = Path(__file__).parent
MINIMAL = HERE / "minimal.yaml"


def minimal() -> dict[str, Any]:
    """A fresh copy of the minimal policy, which the linter finds nothing in."""
    data: dict[str, Any] = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    return data


def lint_data(data: dict[str, Any]) -> list[Finding]:
    return lint(load_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "p.yaml"))


def codes(data: dict[str, Any]) -> set[tuple[str, str | None]]:
    """(code, subject id) of every finding."""
    return {(f.code, f.subject) for f in lint_data(data)}


def activity(data: dict[str, Any], index: int = 0) -> dict[str, Any]:
    act: dict[str, Any] = data["activities"][index]
    return act


def text(nb: str, en: str) -> dict[str, str]:
    return {"nb": nb, "en": en}
