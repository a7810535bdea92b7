"""One actor format: `operator:<name>`, `user:<number>`, `person`, `system`. A user is shown
by their address, looked up when shown, never stored in the log. Entries stored the old way
(`operator:1`, `data-subject`, `scheduler`, `cli:root`, `user:<email>`) are shown the new
way while their stored values, and so the hash chain, stay as they were."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tests.accounts.conftest import CAST
from vernly.cli.main import app as cli
from vernly.engine import actors
from vernly.engine.accounts.users import Users
from vernly.engine.operators import Operators
from vernly.ledger import audit
from vernly.ledger.db import Ledger
from vernly.settings import load_settings


def test_new_entries_are_written_in_the_one_format(workspace: Path) -> None:
    settings = load_settings(workspace)
    ledger = Ledger(settings.database_url)
    kari, _ = Operators(ledger, settings.now).create("kari", "dpo", actor="operator:root")
    assert kari.actor == "operator:kari"
    users = Users(ledger, settings.now)
    nora, _ = users.add(CAST["viewer"], "viewer", actor=kari.actor)
    assert users.principal(nora.id) is not None
    assert users.principal(nora.id).actor == f"user:{nora.id}"  # type: ignore[union-attr]
    ledger.dispose()


def test_old_entries_are_shown_the_new_way_and_the_chain_holds(workspace: Path) -> None:
    settings = load_settings(workspace)
    ledger = Ledger(settings.database_url)
    kari, _ = Operators(ledger, settings.now).create("kari", "dpo", actor="cli:root")
    ingrid, _ = Users(ledger, settings.now).add(CAST["dpo"], "dpo", actor=kari.actor)
    with ledger.session() as session:
        for old in (f"operator:{kari.id}", "data-subject", "scheduler", "cli",
                    f"user:{CAST['dpo']}"):
            audit.append(session, at=settings.now(), actor=old, action="test.old_format")
        audit.append(session, at=settings.now(), actor=f"user:{ingrid.id}",
                     action="test.new_format")
        stored = [e.actor for e in session.query(audit.AuditEntry).order_by(
            audit.AuditEntry.seq)]
    ledger.dispose()
    assert stored[-1] == f"user:{ingrid.id}"

    result = CliRunner().invoke(cli, ["audit", "log", "--json", "--workspace", str(workspace)])
    assert result.exit_code == 0, result.output
    shown = [e["actor"] for e in json.loads(result.stdout)]
    assert shown == ["operator:root", "operator:kari", "operator:kari", "person", "system",
                     "system", f"user:{CAST['dpo']}", f"user:{CAST['dpo']}"]
    verified = CliRunner().invoke(cli, ["audit", "verify", "--workspace", str(workspace)])
    assert verified.exit_code == 0 and "intact: 8 entries" in verified.output


def test_display_leaves_the_new_format_alone_and_names_users() -> None:
    names, emails = {1: "kari"}, {3: CAST["dpo"]}
    for actor in ("operator:kari", f"user:{CAST['dpo']}", "person", "system"):
        assert actors.display(actor, names, emails) == actor
    assert actors.display("operator:7", names) == "operator:7"  # unknown number: as stored
    assert actors.display("user:3", names, emails) == f"user:{CAST['dpo']}"
    assert actors.display("user:4", names, emails) == "user:4"
