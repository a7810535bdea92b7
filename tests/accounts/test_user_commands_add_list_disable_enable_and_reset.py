"""`vernly user`: add prints a one-time password once (never stored in clear), list shows no
secrets, disable/enable/reset-password are audited as the local operator."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

from typer.testing import CliRunner

from vernly.cli.main import app as cli
from vernly.ledger.audit import AuditEntry
from vernly.ledger.db import Ledger
from vernly.settings import load_settings


def _run(workspace: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["user", *args, "--workspace", str(workspace)])
    return result.exit_code, result.stdout, result.stderr


def test_the_user_commands_from_add_to_reset(workspace: Path) -> None:
    code, out, err = _run(workspace, "add", "Kari.Nordmann@Example.no", "--role", "dpo")
    assert code == 0 and "Added user kari.nordmann@example.no (role dpo)." in out
    one_time = out.strip().splitlines()[-1]
    assert "One-time password" in err and len(one_time) == 23

    assert _run(workspace, "add", "ola.hansen@example.no", "--role", "auditor")[0] == 0
    code, out, _ = _run(workspace, "list", "--json")
    listed = json.loads(out)
    assert [(u["email"], u["role"], u["disabled"]) for u in listed] == [
        ("kari.nordmann@example.no", "dpo", False), ("ola.hansen@example.no", "auditor", False)]
    assert one_time not in out

    assert _run(workspace, "disable", "ola.hansen@example.no")[0] == 0
    code, out, _ = _run(workspace, "list")
    assert "ola.hansen@example.no" in out and "disabled" in out
    assert _run(workspace, "enable", "ola.hansen@example.no")[0] == 0
    code, out, _ = _run(workspace, "reset-password", "ola.hansen@example.no")
    assert code == 0 and len(out.strip()) == 23 and out.strip() != one_time

    ledger = Ledger(load_settings(workspace).database_url)
    with ledger.session() as session:
        stored = session.query(AuditEntry).order_by(AuditEntry.seq).all()
        actions = [(e.actor, e.action) for e in stored]
    ledger.dispose()
    me = f"operator:{getpass.getuser()}"
    assert actions == [(me, "user.create"), (me, "user.create"), (me, "user.disable"),
                       (me, "user.enable"), (me, "user.reset_password")]
    assert all("example.no" not in (e.target or "") for e in stored)


def test_a_duplicate_address_or_unknown_role_is_one_line(workspace: Path) -> None:
    assert _run(workspace, "add", "kari.nordmann@example.no", "--role", "dpo")[0] == 0
    code, _, err = _run(workspace, "add", "KARI.nordmann@example.no", "--role", "dpo")
    assert (code, err.strip()) == (1, "error: a user with this e-mail address already exists")
    code, _, err = _run(workspace, "add", "nora.berg@example.no", "--role", "admin")
    assert (code, err.strip()) == (
        2, "error: role 'admin' is not one of dpo, engineer, viewer, auditor")
    code, _, err = _run(workspace, "add", "not-an-address", "--role", "viewer")
    assert (code, err.strip()) == (2, "error: email: not an e-mail address")
