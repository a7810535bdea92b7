"""`vernly init` writes the JSON Schema into the workspace and names it on the first line of
`vernly.yaml`, where yaml-language-server (VS Code's YAML extension) looks for it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from vernly.cli.main import app
from vernly.policy.json_schema import policy_schema
from vernly.policy.loader import load_policy

PREFIX = "# yaml-language-server: $schema="


def test_the_first_line_names_a_schema_file_next_to_the_policy(tmp_path: Path) -> None:
    folder = tmp_path / "nordlys"
    result = CliRunner().invoke(app, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    first = (folder / "vernly.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(PREFIX)
    relative = first.removeprefix(PREFIX)
    assert not Path(relative).is_absolute()
    written = json.loads((folder / relative).read_text(encoding="utf-8"))
    assert written == policy_schema()


def test_the_policy_with_its_schema_line_still_loads(tmp_path: Path) -> None:
    assert CliRunner().invoke(app, ["init", str(tmp_path)]).exit_code == 0
    assert load_policy(tmp_path).policy.controller.name == "Intility AS"


def test_policy_schema_out_refreshes_the_file_init_wrote(tmp_path: Path) -> None:
    assert CliRunner().invoke(app, ["init", str(tmp_path)]).exit_code == 0
    target = tmp_path / ".vernly" / "policy.schema.json"
    target.write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(app, ["policy", "schema", "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8")) == policy_schema()
