"""`vernly demo` prints a console token for its demo operator; the token signs in, and a
second run over the same workspace prints the same one instead of making another operator."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from vernly.cli.main import app
from vernly.settings import load_settings
from vernly.web.app import create_app

TOKEN = re.compile(r"Console sign-in \(demo operator 'demo', role dpo\): (\S+)")


def test_the_demo_token_signs_in_to_the_operator_api(tmp_path: Path) -> None:
    ws = tmp_path / "demo"
    runner = CliRunner()
    first = runner.invoke(app, ["demo", str(ws), "--subjects", "20", "--no-serve"])
    again = runner.invoke(app, ["demo", str(ws), "--no-serve"])
    assert first.exit_code == 0 and again.exit_code == 0
    token = TOKEN.search(first.output)
    assert token and TOKEN.search(again.output)
    assert TOKEN.search(again.output).group(1) == token.group(1)  # type: ignore[union-attr]

    client = TestClient(create_app(load_settings(ws, env={})))
    me = client.get("/api/v1/operators/me",
                    headers={"Authorization": f"Bearer {token.group(1)}"})
    assert me.status_code == 200 and me.json()["role"] == "dpo"
    assert client.get("/api/v1/operators/me",
                      headers={"Authorization": "Bearer vly_1_wrong"}).status_code == 401
