"""`vernly operator add` prints the token once; `list` never shows it; errors are one line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from vernly.cli.main import app as cli


def _run(workspace: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["operator", *args, "-w", str(workspace)],
                                env={"VERNLY_DATABASE_URL":
                                     f"sqlite:///{workspace / 'ledger.sqlite'}"})
    return result.exit_code, result.stdout, result.stderr


def test_add_prints_the_token_once_and_list_never_shows_it(workspace: Path) -> None:
    code, out, err = _run(workspace, "add", "kari", "--role", "dpo")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == "Created operator kari (id 1, role dpo)."
    token = lines[1]
    assert token.startswith("vly_") and "shown once" in err
    code, listed, _ = _run(workspace, "list")
    assert code == 0 and "kari" in listed and "dpo" in listed and "active" in listed
    assert token not in listed and token.split("_")[1] not in listed
    ledger = (workspace / "ledger.sqlite").read_bytes()
    assert token.encode() not in ledger


def test_a_duplicate_name_or_unknown_role_is_one_line(workspace: Path) -> None:
    _run(workspace, "add", "kari", "--role", "dpo")
    assert _run(workspace, "add", "kari", "--role", "viewer")[2].strip() == (
        "error: an operator named 'kari' already exists")
    code, _, err = _run(workspace, "add", "ola", "--role", "admin")
    assert (code, err.strip()) == (
        2, "error: role 'admin' is not one of dpo, engineer, viewer, auditor")


def test_disable_marks_the_operator_disabled(workspace: Path) -> None:
    _run(workspace, "add", "ola", "--role", "engineer")
    assert _run(workspace, "disable", "ola")[1].strip() == "Disabled operator ola (id 1)."
    assert "disabled" in _run(workspace, "list")[1]
