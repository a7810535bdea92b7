"""`vernly policy rules` is the catalogue of the linter's stable codes."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from vernly.cli.main import app
from vernly.policy.lint import RULES


def test_every_rule_has_a_unique_code_a_severity_and_an_article() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert all(r.code.startswith("VL") and len(r.code) == 5 and r.article for r in RULES)


def test_policy_rules_lists_every_rule_in_code_order() -> None:
    result = CliRunner().invoke(app, ["policy", "rules", "--json"])
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [r["code"] for r in listed] == sorted(r.code for r in RULES)
    assert {"code": "VL101", "severity": "error", "article": "Art. 6(1), 13(1)(c)",
            "title": "activity states no legal basis"} in listed


def test_policy_rules_as_text_names_code_severity_and_article() -> None:
    lines = CliRunner().invoke(app, ["policy", "rules"]).stdout.splitlines()
    assert "VL301  error    recipient in a third country without a transfer mechanism " \
           "[Art. 13(1)(f), 44-49]" in lines
