"""A system whose database cannot be reached is one finding at its `url` line, never a
traceback; the check goes on with the other systems."""

from __future__ import annotations

from pathlib import Path

from tests.connect.support import check, line_of, workspace


def test_a_refused_connection_is_one_line(tmp_path: Path) -> None:
    policy = workspace(tmp_path, "")
    url = "postgresql+psycopg://postgres@127.0.0.1:9/none"

    result = check(tmp_path, {"SHOP_URL": url}, as_json=False)

    assert result.exit_code == 1
    line, column = line_of(policy, "url:")
    [found] = [text for text in result.stdout.splitlines() if "VL950" in text]
    assert found.startswith(f"{policy}:{line}:{column}: error VL950 [Art. 5(2), 15] system "
                            "'shop': cannot reach the database (OperationalError")
    assert "Traceback" not in result.stdout + result.stderr


def test_a_missing_sqlite_file_is_reported_and_not_created(tmp_path: Path) -> None:
    workspace(tmp_path, "")
    missing = tmp_path / "nowhere.sqlite"
    result = check(tmp_path, {"SHOP_URL": f"sqlite:///{missing}"})
    [found] = result.of("VL950")
    assert found["message"] == f"system 'shop': database file {missing} does not exist"
    assert not missing.exists()


def test_an_unset_environment_variable_is_reported_the_same_way(tmp_path: Path) -> None:
    workspace(tmp_path, "")
    result = check(tmp_path, {"SHOP_URL": ""})
    [found] = result.of("VL950")
    assert found["message"] == ("system 'shop' url: environment variable SHOP_URL is not "
                                "set")


def test_policy_draft_of_an_unreachable_database_is_one_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from vernly.cli.main import app

    url = "postgresql+psycopg://postgres@127.0.0.1:9/none"
    result = CliRunner().invoke(app, ["policy", "draft", "--url", url])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("error: --url: cannot reach the database (OperationalError")
