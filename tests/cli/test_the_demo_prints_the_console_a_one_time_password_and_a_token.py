"""`vernly demo` prints the console's address, a one-time password for its DPO user and an
API token for its demo operator. The password signs in (once, to choose a password); each run
prints a fresh one and the old one stops working; the token stays the same across runs."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from vernly.cli.main import app
from vernly.settings import load_settings
from vernly.web.app import create_app

TOKEN = re.compile(r"API token \(demo operator 'demo', role dpo\): (\S+)")
PASSWORD = re.compile(r"sign in as (\S+) \(role dpo\) with the one-time password (\S+) and")


def _sign_in(client: TestClient, email: str, password: str) -> int:
    page = client.get("/console/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf
    return client.post("/console/login", data={"email": email, "password": password,
                                                "csrf_token": csrf.group(1)},
                       follow_redirects=False).status_code


def test_the_demo_prints_the_console_a_password_and_a_token(tmp_path: Path) -> None:
    ws = tmp_path / "demo"
    runner = CliRunner()
    first = runner.invoke(app, ["demo", str(ws), "--subjects", "20", "--no-serve"])
    again = runner.invoke(app, ["demo", str(ws), "--no-serve"])
    assert first.exit_code == 0 and again.exit_code == 0
    assert "Console: http://127.0.0.1:8000/console" in first.output
    token, old, new = TOKEN.search(first.output), PASSWORD.search(first.output), \
        PASSWORD.search(again.output)
    assert token and old and new and old.group(2) != new.group(2)
    assert TOKEN.search(again.output).group(1) == token.group(1)  # type: ignore[union-attr]

    client = TestClient(create_app(load_settings(ws, env={})))
    me = client.get("/api/v1/operators/me",
                    headers={"Authorization": f"Bearer {token.group(1)}"})
    assert me.status_code == 200 and me.json()["role"] == "dpo"
    assert client.get("/api/v1/operators/me",
                      headers={"Authorization": "Bearer vly_1_wrong"}).status_code == 401

    assert _sign_in(client, new.group(1), old.group(2)) == 401
    assert _sign_in(client, new.group(1), new.group(2)) == 303
    assert client.get("/console/login/new-password").status_code == 200
