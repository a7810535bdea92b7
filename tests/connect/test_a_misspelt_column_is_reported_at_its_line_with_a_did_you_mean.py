"""A copy of the demo policy with one column misspelt: the live check names that column's
file:line:column, what the database has instead, and exits 1."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.connect.conftest import DemoWorkspace
from tests.connect.support import check, line_of


def test_the_misspelt_column_is_placed_at_its_line(demo_workspace: DemoWorkspace,
                                                   tmp_path: Path) -> None:
    policy = tmp_path / "vernly.yaml"
    text = (demo_workspace.path / "vernly.yaml").read_text(encoding="utf-8")
    policy.write_text(text.replace("{name: recipient_phone,", "{name: recipient_phnoe,"),
                      encoding="utf-8")
    # The SQLite demo's files are found relative to the workspace.
    shutil.copytree(demo_workspace.path / "data", tmp_path / "data")
    line, column = line_of(policy, "recipient_phnoe")

    result = check(tmp_path, demo_workspace.env, as_json=False)

    assert result.exit_code == 1
    expected = (f"vernly.yaml:{line}:{column}: error VL952 [Art. 15, 17, 30(1)(c)] column "
                "'shipments.recipient_phnoe' does not exist in the database, did you mean "
                "'recipient_phone'?")
    assert expected in [text.removeprefix(str(tmp_path) + "/") for text in
                        result.stdout.splitlines()]
    # The real column is not also reported as undeclared personal data.
    assert "VL958" not in result.stdout
