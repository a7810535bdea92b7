"""`vernly init DIR && cd DIR && vernly policy check` shows the seed's gaps with articles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vernly.cli.main import app

LINE = re.compile(r"^vernly\.yaml:\d+:\d+: (error|warning|info) VL\d{3} \[[^\]]+\] .+$")


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "intility"
    assert CliRunner().invoke(app, ["init", str(folder)]).exit_code == 0
    monkeypatch.chdir(folder)
    monkeypatch.delenv("VERNLY_WORKSPACE", raising=False)
    return folder


def test_policy_check_lists_each_gap_with_its_article_and_exits_1(workspace: Path) -> None:
    result = CliRunner().invoke(app, ["policy", "check"])
    assert result.exit_code == 1
    *lines, summary = result.stdout.splitlines()
    assert all(LINE.match(line) for line in lines), lines
    assert summary == "vernly.yaml: 17 errors, 7 warnings"
    text = result.stdout
    assert "error VL101 [Art. 6(1), 13(1)(c)] activity 'cctv'" in text
    assert "error VL201 [Art. 5(1)(e), 13(2)(a)] activity 'server_logs'" in text
    assert "error VL301 [Art. 13(1)(f), 44-49] recipient 'google'" in text
    assert "error VL501 [Art. 4(1), 4(5), Recital 26] activity 'website_statistics' calls " \
           "'user.contact.email.hashed'" in text


def test_policy_check_accepts_the_workspace_folder_or_the_file(workspace: Path) -> None:
    by_folder = CliRunner().invoke(app, ["policy", "check", str(workspace)])
    by_file = CliRunner().invoke(app, ["policy", "check", str(workspace / "vernly.yaml")])
    assert by_folder.exit_code == by_file.exit_code == 1
    assert by_folder.stdout == by_file.stdout
    assert f"{workspace / 'vernly.yaml'}:" in by_folder.stdout


def test_policy_check_uses_vernly_workspace_when_no_path_is_given(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VERNLY_WORKSPACE", str(workspace))
    result = CliRunner().invoke(app, ["policy", "check"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1].endswith("17 errors, 7 warnings")


def test_a_folder_without_a_policy_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["policy", "check", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'vernly.yaml'}: no policy file here; run 'vernly " \
                            "init' to create one\n"
