"""`vernly explain VLnnn` says what a linter code checks, its GDPR article and how to fix it,
with a snippet; every rule has an explanation, and a mistyped code is one line naming the
nearest real ones."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from vernly.cli.main import app
from vernly.policy.lint import RULES
from vernly.policy.lint.explanations import EXPLANATIONS
from vernly.policy.lint.findings import Rule


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_has_an_explanation_with_a_snippet_that_is_yaml(rule: Rule) -> None:
    about = EXPLANATIONS[rule.code]
    assert about.checks and about.fix and about.snippet
    yaml.safe_load(about.snippet)


def test_no_explanation_is_left_for_a_code_that_is_gone() -> None:
    assert set(EXPLANATIONS) == {r.code for r in RULES}


def test_explain_prints_the_article_the_fix_and_the_snippet() -> None:
    result = CliRunner().invoke(app, ["explain", "vl301"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ("VL301 (error): recipient in a third country without a transfer "
                        "mechanism")
    assert lines[1] == "GDPR: Art. 13(1)(f), 44-49"
    assert "How to fix it:" in result.stdout
    assert "    transfer_mechanism: " in result.stdout


@pytest.mark.parametrize(("typed", "nearest"), [
    ("VL299", "VL301"), ("VL9999", "VL961"), ("VL20", "VL101")])
def test_an_unknown_code_is_one_line_with_the_nearest_codes(typed: str, nearest: str) -> None:
    result = CliRunner().invoke(app, ["explain", typed])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"unknown linter code '{typed}', nearest: {nearest}, ")
    named = lines[0].split("nearest: ", 1)[1].split(" (", 1)[0].split(", ")
    assert len(named) == 3 and all(n in {r.code for r in RULES} for n in named)
