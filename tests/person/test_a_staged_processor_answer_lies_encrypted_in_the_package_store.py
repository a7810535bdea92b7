"""What a processor sent, once staged, lies in the package store (`VERNLY_PACKAGE_DIR`, which
every replica shares) encrypted under the package key: neither its content nor its file's
name can be read on disk, yet the operator sees it and the confirmed package carries it.
An answer staged in clear by an earlier version is moved in, encrypted, when first read."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from tests.person.processor import access, env
from tests.person.reports import NOW
from tests.support.packages import open_package
from vernly.connectors.demo.build import DemoSummary, build_demo
from vernly.engine.requests import answers
from vernly.ledger.db import Ledger
from vernly.notices.access_report import render
from vernly.policy.loader import load_policy
from vernly.settings import Settings, load_settings

MARK = "Zelda Quistgaard"
"""A respondent the demo does not hold, so any clear copy of the answer is hers alone."""
SENT = f"respondent;svar\n{MARK};Svært fornøyd med kurset\n".encode()
NAME = "zelda-quistgaard-svar.csv"


@pytest.fixture
def demo(tmp_path: Path) -> DemoSummary:
    return build_demo(tmp_path / "d", 30, NOW, env={})


def _shared(demo: DemoSummary, store: Path) -> Settings:
    settings = load_settings(demo.workspace, env=env(demo))
    return dataclasses.replace(settings, env=dict(settings.env)
                               | {"VERNLY_PACKAGE_DIR": str(store)})


def _clear_on_disk(*roots: Path) -> list[Path]:
    """Files under `roots` whose name or bytes show what the processor sent."""
    return [path for root in roots for path in root.rglob("*")
            if "zelda" in path.name.lower()
            or (path.is_file() and (MARK.encode() in path.read_bytes()
                                    or NAME.encode() in path.read_bytes()))]


def test_the_staged_files_and_their_names_are_encrypted(demo: DemoSummary,
                                                        tmp_path: Path) -> None:
    started = access(demo)
    [task] = [t for t in started["tasks"] if t["system"] == "questback"]
    settings = _shared(demo, tmp_path / "shared")
    ledger = Ledger(settings.database_url)
    try:
        answers.stage(ledger, settings, task["id"], [(NAME, SENT)], False, "user:ingrid")
        assert any((tmp_path / "shared" / "answers" / task["id"]).iterdir())
        assert _clear_on_disk(Path(demo.workspace), tmp_path / "shared") == []
        staged = answers.read(settings, task["id"])
        assert staged is not None and [f["name"] for f in staged.files] == [NAME]
        assert answers.file_contents(settings, staged) == [(NAME, SENT)]
        done = answers.confirm(ledger, settings, load_policy(settings.policy_path),
                               task["id"], "user:ingrid", renderer=render)
    finally:
        ledger.dispose()
    assert done.state == "completed" and done.package_path
    assert open_package(done.package_path, settings).read(f"processor/questback/{NAME}") == SENT
    assert _clear_on_disk(Path(demo.workspace), tmp_path / "shared") == []


def test_an_answer_staged_in_clear_before_is_moved_in_encrypted(demo: DemoSummary,
                                                                tmp_path: Path) -> None:
    started = access(demo)
    [task] = [t for t in started["tasks"] if t["system"] == "questback"]
    settings = _shared(demo, tmp_path / "shared")
    old = answers.legacy_dir(settings.workspace) / task["id"]
    old.mkdir(parents=True)
    (old / NAME).write_bytes(SENT)
    (old / "answer.json").write_text(json.dumps({
        "task_id": task["id"], "request_id": started["id"], "system_id": "questback",
        "files": [{"name": NAME, "bytes": len(SENT), "sha256": "x"}], "holds_nothing": False,
        "staged_by": "operator:Ingrid Berg", "staged_at": NOW.isoformat()}))
    moved = answers.read(settings, task["id"])
    assert moved is not None and answers.file_contents(settings, moved) == [(NAME, SENT)]
    assert not old.exists()
    assert _clear_on_disk(Path(demo.workspace), tmp_path / "shared") == []
