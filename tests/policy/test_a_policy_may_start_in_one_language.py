"""A policy may start in one language: a text given only in bokmål (or only in English)
loads, `vernly policy check` lists each text missing in a declared language at its line
(VL851, a warning), and the other language's pages show the given text, marked."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.policy.support import activity, minimal
from vernly.cli.main import app
from vernly.policy.errors import PolicyError
from vernly.policy.lint import lint
from vernly.policy.loader import load_text
from vernly.policy.models import Text


def _write(folder: Path, data: dict[str, object]) -> Path:
    policy = folder / "vernly.yaml"
    policy.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return policy


def _bokmal_only(data: dict[str, object]) -> None:
    act = activity(data)  # type: ignore[arg-type]
    act["name"] = {"nb": "Nyhetsbrev"}
    act["purposes"] = [{"nb": "Sende nyhetsbrev"}]


def test_policy_check_lists_each_missing_text_at_its_line_as_a_warning(tmp_path: Path) -> None:
    data = minimal()
    _bokmal_only(data)
    policy = _write(tmp_path, data)
    result = CliRunner().invoke(app, ["policy", "check", str(policy)])
    assert result.exit_code == 0, result.output
    found = [line for line in result.stdout.splitlines() if " VL851 " in line]
    assert len(found) == 2
    lines = policy.read_text("utf-8").splitlines()
    for line in found:
        assert line.startswith(f"{policy}:")
        number = int(line.split(":")[1])
        assert lines[number - 1].strip().startswith(("name:", "- nb:")), lines[number - 1]
        assert "warning VL851 [Art. 12(1)]" in line and "no English (en) text" in line
    assert "activities[0] (newsletter).name:" in found[0]


def test_a_text_in_both_languages_is_not_listed() -> None:
    loaded = load_text(yaml.safe_dump(minimal(), allow_unicode=True), "p.yaml")
    assert not [f for f in lint(loaded) if f.code == "VL851"]


def test_a_notice_in_bokmal_only_asks_for_no_english() -> None:
    data = minimal()
    data["notice"]["languages"] = ["nb"]
    _bokmal_only(data)
    loaded = load_text(yaml.safe_dump(data, allow_unicode=True), "p.yaml")
    assert not [f for f in lint(loaded) if f.code == "VL851"]


def test_english_pages_show_the_bokmal_text_marked_and_bokmal_pages_show_it_plain(
        tmp_path: Path) -> None:
    data = minimal()
    _bokmal_only(data)
    _write(tmp_path, data)
    en = CliRunner().invoke(app, ["notice", "--lang", "en", "--format", "md",
                                  "--workspace", str(tmp_path)])
    nb = CliRunner().invoke(app, ["notice", "--lang", "nb", "--format", "md",
                                  "--workspace", str(tmp_path)])
    assert en.exit_code == nb.exit_code == 0, en.output + nb.output
    assert "[nb] Nyhetsbrev" in en.stdout
    assert "Nyhetsbrev" in nb.stdout and "[nb]" not in nb.stdout and "[en]" not in nb.stdout


def test_the_fallback_goes_both_ways() -> None:
    assert Text(en="Newsletter").get("nb") == "[en] Newsletter"
    assert Text(nb="Nyhetsbrev").get("en") == "[nb] Nyhetsbrev"
    assert Text(nb="Nyhetsbrev", en="Newsletter").get("en") == "Newsletter"


def test_a_text_in_neither_language_is_one_line_at_its_place() -> None:
    data = minimal()
    activity(data)["name"] = {}
    with pytest.raises(PolicyError) as caught:
        load_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "vernly.yaml")
    lines = str(caught.value).splitlines()
    assert len(lines) == 1
    assert "activities[0] (newsletter).name: a text in neither language, expected 'nb', " \
           "'en' or both" in lines[0]
