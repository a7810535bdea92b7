"""One actor format: `operator:<name>`, `user:<email>`, `person`, `system`. Entries stored
the old way (`operator:1`, `data-subject`, `scheduler`, `cli:root`) are shown the new way
while their stored values, and so the hash chain, stay as they were."""

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
    assert users.principal(nora.id).actor == f"user:{CAST['viewer']}"  # type: ignore[union-attr]
    ledger.dispose()


def test_old_entries_are_shown_the_new_way_and_the_chain_holds(workspace: Path) -> None:
    settings = load_settings(workspace)
    ledger = Ledger(settings.database_url)
    kari, _ = Operators(ledger, settings.now).create("kari", "dpo", actor="cli:root")
    with ledger.session() as session:
        for old in (f"operator:{kari.id}", "data-subject", "scheduler", "cli"):
            audit.append(session, at=settings.now(), actor=old, action="test.old_format")
        audit.append(session, at=settings.now(), actor=f"user:{CAST['dpo']}",
                     action="test.new_format")
    ledger.dispose()

    result = CliRunner().invoke(cli, ["audit", "log", "--json", "--workspace", str(workspace)])
    assert result.exit_code == 0, result.output
    shown = [e["actor"] for e in json.loads(result.stdout)]
    assert shown == ["operator:root", "operator:kari", "person", "system", "system",
                     f"user:{CAST['dpo']}"]
    verified = CliRunner().invoke(cli, ["audit", "verify", "--workspace", str(workspace)])
    assert verified.exit_code == 0 and "intact: 6 entries" in verified.output


def test_display_leaves_the_new_format_alone() -> None:
    names = {1: "kari"}
    for actor in ("operator:kari", f"user:{CAST['dpo']}", "person", "system"):
        assert actors.display(actor, names) == actor
    assert actors.display("operator:7", names) == "operator:7"  # unknown number: as stored
