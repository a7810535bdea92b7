"""What a processor without a connection (Questback) answered to an access request: the
files it sent, or its word that it holds nothing about the person.

The operator first stages the answer (files are kept in the package store, encrypted like
the packages), looks at what was staged, then confirms it. Confirming closes
the task, rebuilds the package with the files in it (`processor/<system>/...`) and the
report saying what the processor answered, and completes the request when nothing else is
open. Until then confirming an access task without an answer is refused, so a request never
completes with the processor's part missing.

An answer lives in the package store's `answers/<task>/` (`package_store.answer_store`: the
shared `VERNLY_PACKAGE_DIR`, so every replica sees it) as `answer.json` (what, by whom, when,
the files' names) and one entry per file, numbered, so that not even a file's name lies in
clear on disk; everything is encrypted under the package key. The ledger holds the task's
state and the audit entries. Answers staged before they were encrypted, in the workspace's
`.vernly/answers/<task>/`, are moved into the store, encrypted, when first read.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from vernly.engine.requests.kinds import RequestKind
from vernly.engine.requests.package_store import PackageStore, answer_store
from vernly.engine.requests.ports import DataMapLike, ReportRenderer
from vernly.engine.requests.views import RequestView
from vernly.errors import Conflict, InvalidInput, NotFound
from vernly.ledger import audit
from vernly.ledger.db import Ledger
from vernly.ledger.requests import ManualTask
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings

ANSWERED_KINDS = (RequestKind.access.value, RequestKind.portability.value)
"""Request kinds whose processor tasks are answered with data, not just confirmed."""
MAX_FILE_BYTES = 50 * 1024 * 1024
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")
_TASK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Answer:
    """A processor's answer to one task."""

    task_id: str
    request_id: str
    system_id: str
    files: list[dict[str, Any]]
    """name, bytes and sha256 of each file."""
    holds_nothing: bool
    staged_by: str
    staged_at: str
    confirmed: bool = False
    confirmed_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"task_id": self.task_id, "request_id": self.request_id,
                "system_id": self.system_id, "files": self.files,
                "holds_nothing": self.holds_nothing, "staged_by": self.staged_by,
                "staged_at": self.staged_at, "confirmed": self.confirmed,
                "confirmed_at": self.confirmed_at}


def legacy_dir(workspace: Path) -> Path:
    """Where answers were kept in clear before they went to the package store."""
    return workspace / ".vernly" / "answers"


def _manifest(task_id: str) -> str:
    return f"{task_id}/answer.json"


def _file(task_id: str, index: int) -> str:
    return f"{task_id}/{index}"


def read(settings: Settings, task_id: str) -> Answer | None:
    """The answer staged or confirmed for a task, if any."""
    store = answer_store(settings)
    try:
        raw = store.get(store.locate(_manifest(task_id)))
    except NotFound:
        return _move_legacy(settings, store, task_id)
    return Answer(**json.loads(raw))


def file_contents(settings: Settings, answer: Answer) -> list[tuple[str, bytes]]:
    """Each file of the answer, by its name, as the processor sent it."""
    store = answer_store(settings)
    return [(item["name"], store.get(store.locate(_file(answer.task_id, index))))
            for index, item in enumerate(answer.files)]


def _write(store: PackageStore, answer: Answer) -> None:
    store.put(_manifest(answer.task_id),
              json.dumps(answer.to_dict(), ensure_ascii=False).encode("utf-8"))


def _remove(store: PackageStore, answer: Answer) -> None:
    for index in range(len(answer.files)):
        store.delete(store.locate(_file(answer.task_id, index)))
    store.delete(store.locate(_manifest(answer.task_id)))


def _move_legacy(settings: Settings, store: PackageStore, task_id: str) -> Answer | None:
    """An answer staged in clear by an earlier vernly, encrypted into the store; the clear
    copy is then removed."""
    folder = legacy_dir(settings.workspace) / task_id
    manifest = folder / "answer.json"
    if not _TASK_ID.match(task_id) or not manifest.is_file():
        return None
    answer = Answer(**json.loads(manifest.read_text(encoding="utf-8")))
    for index, item in enumerate(answer.files):
        store.put(_file(task_id, index), (folder / item["name"]).read_bytes())
    _write(store, answer)
    shutil.rmtree(folder)
    return answer


def safe_name(name: str) -> str:
    """A file name fit for a folder and a zip: its last part, odd characters replaced."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip(" .")
    if not base:
        raise InvalidInput(f"file {name!r}: the name has nothing usable; rename the file")
    return base[:120]


def _open_access_task(session: Session, task_id: str) -> ManualTask:
    task = session.get(ManualTask, task_id, with_for_update=True)
    if task is None:
        raise NotFound(f"task {task_id} not found")
    if task.done_at is not None:
        raise Conflict(f"task {task_id} was already confirmed done on "
                       f"{task.done_at:%Y-%m-%d} by {task.done_by}")
    if task.action not in ANSWERED_KINDS:
        raise Conflict(f"task {task_id} is a {task.action} task: confirm it with "
                       "`vernly request task-done`; only access tasks take an answer")
    return task


def stage(ledger: Ledger, settings: Settings, task_id: str, files: list[tuple[str, bytes]],
          holds_nothing: bool, actor: str) -> Answer:
    """Keep the processor's answer for the operator to confirm (replacing an earlier staged
    one). Exactly one of: files, or `holds_nothing`."""
    if bool(files) == holds_nothing:
        raise InvalidInput("answer: give the processor's files, or record that it holds "
                           "nothing about the person (not both, not neither)")
    names = [safe_name(name) for name, _ in files]
    if len(set(names)) != len(names):
        raise InvalidInput("answer: two files have the same name; rename one")
    for name, content in files:
        if len(content) > MAX_FILE_BYTES:
            raise InvalidInput(f"file {name!r}: over {MAX_FILE_BYTES // 1024 // 1024} MB")
    now = settings.now()
    store = answer_store(settings)
    with ledger.session() as session:
        task = _open_access_task(session, task_id)
        earlier = read(settings, task.id)
        if earlier is not None:
            _remove(store, earlier)
        listed = []
        for index, (name, (_, content)) in enumerate(zip(names, files, strict=True)):
            store.put(_file(task.id, index), content)
            listed.append({"name": name, "bytes": len(content),
                           "sha256": hashlib.sha256(content).hexdigest()})
        answer = Answer(task.id, task.request_id, task.system_id, listed, holds_nothing, actor,
                        now.isoformat())
        _write(store, answer)
        audit.append(session, at=now, actor=actor, action="request.answer_staged",
                     target=task.id, system=task.system_id,
                     counts={"files": len(listed)},
                     detail={"request": task.request_id, "holds_nothing": holds_nothing})
    return answer


def confirm(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, task_id: str,
            actor: str, *, data_map: DataMapLike | None = None,
            renderer: ReportRenderer | None = None) -> RequestView:
    """Confirm the staged answer: the task is done, the package is rebuilt with it and the
    request completes when nothing else is open. Safe to repeat after a crash."""
    from vernly.engine.requests import runner

    answer = read(settings, task_id)
    if answer is None:
        raise Conflict(f"task {task_id}: nothing staged; attach the processor's files or "
                       "record that it holds nothing first")
    now = settings.now()
    with ledger.session() as session:
        task = session.get(ManualTask, task_id, with_for_update=True)
        if task is None:
            raise NotFound(f"task {task_id} not found")
        request_id = task.request_id
        if task.done_at is None:
            _write(answer_store(settings), Answer(**{**answer.to_dict(), "confirmed": True,
                                                     "confirmed_at": now.isoformat()}))
            task.done_at, task.done_by = now, actor
            task.note = ("answer: holds nothing" if answer.holds_nothing
                         else f"answer: {len(answer.files)} file(s)")
            audit.append(session, at=now, actor=actor, action="request.task_answered",
                         target=task.id, system=task.system_id,
                         counts={"files": len(answer.files)},
                         detail={"request": request_id, "holds_nothing": answer.holds_nothing})
    return runner.run(ledger, settings, loaded, request_id, actor, data_map=data_map,
                      renderer=renderer)


def confirmed_for(settings: Settings, task_ids: list[str]) -> dict[str, Answer]:
    """system id -> confirmed answer, for the tasks given (the package and report use it)."""
    out: dict[str, Answer] = {}
    for task_id in task_ids:
        answer = read(settings, task_id)
        if answer is not None and answer.confirmed:
            out[answer.system_id] = answer
    return out

