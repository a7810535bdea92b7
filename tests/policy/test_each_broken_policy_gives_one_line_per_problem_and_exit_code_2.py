"""Every policy in `broken/` fails to load with exactly the lines in its `.expected` file.

The CLI runs from inside the corpus folder, so the file names in the messages are the
relative names a user would see; each line is `file:line:column: what, what was expected`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from vernly.cli.main import app

CORPUS = Path(__file__).parent / "broken"
CASES = sorted(p.stem for p in CORPUS.glob("*.yaml"))


def test_the_corpus_has_a_broken_policy_for_every_kind_of_mistake() -> None:
    assert len(CASES) >= 24
    assert all((CORPUS / f"{name}.expected").is_file() for name in CASES)


@pytest.mark.parametrize("name", CASES)
def test_broken_policy_prints_its_expected_lines_and_exits_2(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CORPUS)
    result = CliRunner().invoke(app, ["policy", "check", f"{name}.yaml"])
    expected = (CORPUS / f"{name}.expected").read_text(encoding="utf-8").splitlines()
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == expected
    assert result.stdout == ""
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", CASES)
def test_broken_policy_fails_the_same_way_with_json_output(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CORPUS)
    result = CliRunner().invoke(app, ["policy", "check", "--json", f"{name}.yaml"])
    expected = (CORPUS / f"{name}.expected").read_text(encoding="utf-8").splitlines()
    assert (result.exit_code, result.stderr.splitlines()) == (2, expected)
