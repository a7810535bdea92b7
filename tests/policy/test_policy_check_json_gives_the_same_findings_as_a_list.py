"""`vernly policy check --json` is the same findings, machine-readable."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from vernly.cli.main import app
from vernly.policy.lint import lint
from vernly.policy.loader import load_policy


def test_json_lists_the_same_findings_as_the_text_output(tmp_path: Path) -> None:
    CliRunner().invoke(app, ["init", str(tmp_path)])
    as_text = CliRunner().invoke(app, ["policy", "check", str(tmp_path)])
    as_json = CliRunner().invoke(app, ["policy", "check", "--json", str(tmp_path)])
    assert as_json.exit_code == as_text.exit_code == 1
    items = json.loads(as_json.stdout)
    assert isinstance(items, list)
    rendered = [f"{i['file']}:{i['line']}:{i['column']}: {i['severity']} {i['code']} "
                f"[{i['article']}] {i['message']}" for i in items]
    assert rendered == as_text.stdout.splitlines()[:-1]


def test_json_findings_carry_their_subject_ids(tmp_path: Path) -> None:
    CliRunner().invoke(app, ["init", str(tmp_path)])
    items = json.loads(CliRunner().invoke(app, ["policy", "check", "--json",
                                                str(tmp_path)]).stdout)
    assert [i["recipient"] for i in items if i["code"] == "VL301"] == [
        "google", "facebook", "linkedin"]
    expected = [f.to_dict() for f in lint(load_policy(tmp_path))]
    assert items == expected


def test_json_of_a_clean_policy_is_an_empty_list_and_exit_0() -> None:
    minimal = Path(__file__).parent / "minimal.yaml"
    result = CliRunner().invoke(app, ["policy", "check", "--json", str(minimal)])
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])
