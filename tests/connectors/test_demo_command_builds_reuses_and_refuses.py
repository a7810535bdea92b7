"""`vernly demo` builds a workspace, reuses it when run again, follows VERNLY_NOW, and turns
bad input into one line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from vernly.cli.main import app

runner = CliRunner()


def test_a_build_prints_the_rows_and_people_to_try(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", str(tmp_path / "d"), "--subjects", "60", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "webshop" in result.output and "People to try" in result.output
    assert "kari.nordmann@" in result.output
    assert (tmp_path / "d" / "vernly.yaml").exists()
    assert (tmp_path / "d" / "data" / "cases.sqlite").exists()


def test_a_second_run_uses_the_demo_already_there(tmp_path: Path) -> None:
    target = str(tmp_path / "d")
    runner.invoke(app, ["demo", target, "--subjects", "30", "--no-serve"])
    before = (tmp_path / "d" / "data" / "webshop.sqlite").stat().st_mtime_ns
    again = runner.invoke(app, ["demo", target, "--no-serve"])
    assert again.exit_code == 0 and "already there" in again.output
    assert (tmp_path / "d" / "data" / "webshop.sqlite").stat().st_mtime_ns == before


def test_the_demo_clock_follows_vernly_now(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", str(tmp_path / "d"), "--subjects", "40", "--no-serve",
                                 "--json"], env={"VERNLY_NOW": "2024-01-01T00:00:00+00:00"})
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["now"] == "2024-01-01T00:00:00+00:00"
    recordings = sorted(p.name for p in (tmp_path / "d" / "data" / "cctv" / "sluse").iterdir())
    assert recordings[0] >= "20231202" and recordings[-1] < "20240101"


def test_zero_people_is_refused_in_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", str(tmp_path / "d"), "--subjects", "0", "--no-serve"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert not (tmp_path / "d" / "vernly.yaml").exists()
