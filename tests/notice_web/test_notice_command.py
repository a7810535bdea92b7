"""`vernly notice` prints or writes the rendered notice; bad options are one line, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from vernly.cli.main import app as cli


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    assert CliRunner().invoke(cli, ["init", str(ws)]).exit_code == 0
    return ws


@pytest.mark.parametrize("fact", ["981 967 070", "privacy@intility.no", "7 dager", "12 måneder",
                                  "24 måneder", "fem år", "_ga", "_gid", "_gat", ".wmx",
                                  "Datatilsynet", "Questback"])
def test_the_norwegian_html_on_stdout_has_the_issue_facts(workspace: Path, fact: str) -> None:
    result = CliRunner().invoke(cli, ["notice", "--lang", "nb", "--format", "html",
                                      "-w", str(workspace)])
    assert result.exit_code == 0
    assert fact in result.stdout


def test_the_english_markdown_is_written_to_a_file(workspace: Path) -> None:
    out = workspace / "notice.en.md"
    result = CliRunner().invoke(cli, ["notice", "--lang", "en", "--format", "md", "--out",
                                      str(out), "-w", str(workspace)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Privacy notice\n")


def test_an_unknown_language_is_one_line_and_exit_2(workspace: Path) -> None:
    result = CliRunner().invoke(cli, ["notice", "--lang", "de", "-w", str(workspace)])
    assert (result.exit_code, result.output.strip()) == (
        2, "error: language 'de' is not supported; expected one of nb, en")


def test_a_broken_policy_gives_its_position_not_a_traceback(workspace: Path) -> None:
    policy = workspace / "vernly.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("org_number:", "org_nummer:"),
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["notice", "-w", str(workspace)])
    assert result.exit_code == 2
    assert "vernly.yaml:" in result.output and "Traceback" not in result.output
