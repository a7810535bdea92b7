"""Group commit for consent choices: many arrive at once, one transaction stores them.

A commit costs the same for one choice as for a hundred, so a writer thread takes every
choice waiting in its queue, stores them together (`service.record_choices`) and commits
once; only then is each caller's future resolved, so no choice is answered before it is
durable. A choice refused on its own (a record of another subject) fails only its own
future. When the batch as a whole fails, each of its choices is tried again in a
transaction of its own, so one bad choice cannot take the others down with it.

Writers start with the first choices and end after a while with nothing to write. On
PostgreSQL a writer holds its connections while it lives: a connection taken from the pool
is pinged first, a round trip that cost as much as the batch's insert. It holds two: one in
autocommit for batches of first choices only, which `insert_choices` writes with a single
statement (atomic on its own: no BEGIN and COMMIT, two of three round trips), and one for
batches that read and update records, in a transaction. A batch that fails gives both back,
so the choices retried one by one (and every later batch) start on fresh, pinged ones. (On
SQLite every batch checks a connection out of the pool as before: the checkout is where the
ledger file is checked to be still the one opened.) Public banner choices carry no
operator, so batches write no audit entries: the audit chain is appended to only on the
paths that record an actor (`service.record_choice`).
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from vernly.engine.consent import service
from vernly.engine.consent.catalogue import Catalogue
from vernly.ledger.db import Ledger

log = logging.getLogger(__name__)

MAX_BATCH = 256
"""Most choices in one transaction: bounds the time a batch holds the write lock."""
WRITERS = 1
"""Writer threads, each with a transaction (and on PostgreSQL a held connection) of its own.
SQLite takes one writer at a time. On PostgreSQL a batch of first choices is one statement,
so a writer waits for little more than the commit, and one writer groups more choices per
commit than two: measured on 2 cores at concurrency 16 (`bench/consent.py`), two writers
per server used 0.04-0.07 ms more server CPU and 0.01-0.02 ms more database CPU per choice,
and with two servers on one ledger answered fewer choices per second (0.50-0.55 of
/healthz against 0.53-0.63)."""
IDLE_SECONDS = 5.0
"""The thread ends after this long without a choice; the next choice starts another."""


@dataclass(frozen=True)
class _Pending:
    arrival: service.Arrival
    future: Future[service.ChoiceResult]
    waiter: tuple[asyncio.AbstractEventLoop, asyncio.Future[None]] | None = None
    """An event loop's caller (`store`), woken once `future` is resolved."""


class ChoiceWriter:
    """Stores choices through writer threads, a batch per transaction."""

    def __init__(self, ledger: Ledger, ua_key: str, *, threads: int | None = None,
                 max_batch: int = MAX_BATCH, idle_seconds: float = IDLE_SECONDS) -> None:
        self.ledger, self.ua_key = ledger, ua_key
        self.threads = threads or WRITERS
        self.hold_connections = ledger.engine.dialect.name != "sqlite"
        self._held = threading.local()
        self.max_batch, self.idle_seconds = max_batch, idle_seconds
        self._queue: queue.SimpleQueue[_Pending] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._running: set[threading.Thread] = set()
        self.batches = 0
        """Transactions committed so far (how well choices were grouped)."""

    def submit(self, catalogue: Catalogue, choice: service.Choice, now: datetime
               ) -> Future[service.ChoiceResult]:
        """Queue a choice (validated first: InvalidInput is raised here, at once); the
        future resolves once the choice is committed, or with the error that refused it."""
        return self._enqueue(catalogue, choice, now, None)

    async def store(self, catalogue: Catalogue, choice: service.Choice, now: datetime
                    ) -> service.ChoiceResult:
        """`submit` for a caller on an event loop: returns once the choice is committed.

        The writer wakes the loop once per batch for all of its choices, where
        `asyncio.wrap_future` would cross threads once per choice (a callback chain and a
        write to the loop's wake-up socket each, every one taking the GIL back)."""
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        future = self._enqueue(catalogue, choice, now, (loop, waiter))
        try:
            await waiter
        except asyncio.CancelledError:
            future.cancel()  # not written if the writer has not taken it yet
            raise
        return future.result()

    def _enqueue(self, catalogue: Catalogue, choice: service.Choice, now: datetime,
                 waiter: tuple[asyncio.AbstractEventLoop, asyncio.Future[None]] | None
                 ) -> Future[service.ChoiceResult]:
        service.validate(choice, catalogue)
        pending = _Pending(service.Arrival(catalogue, choice, now), Future(), waiter)
        with self._lock:
            self._queue.put(pending)
            if len(self._running) < self.threads:
                thread = threading.Thread(target=self._run, name="consent-writer", daemon=True)
                self._running.add(thread)
                thread.start()
        return pending.future

    def _run(self) -> None:
        try:
            self._serve()
        finally:
            self._let_go()

    def _serve(self) -> None:
        while True:
            try:
                first = self._queue.get(timeout=self.idle_seconds)
            except queue.Empty:
                with self._lock:
                    if self._queue.empty():
                        self._running.discard(threading.current_thread())
                        return
                continue
            batch = [first]
            while len(batch) < self.max_batch:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            # A caller that gave up (its client went away) is not written for; the others'
            # futures can no longer be cancelled.
            live = [p for p in batch if p.future.set_running_or_notify_cancel()]
            if live:
                self._write(live)

    @contextmanager
    def _transaction(self, *, one_statement: bool = False) -> Iterator[Session]:
        """A session for one batch, committed on success: on the writer's held connection
        (PostgreSQL), else on one from the pool. `one_statement`: the batch writes with a
        single statement, which PostgreSQL runs as a transaction of its own (autocommit)."""
        if not self.hold_connections:
            with self.ledger.session() as session:
                yield session
            return
        held: dict[bool, Connection] = self._held.__dict__.setdefault("connections", {})
        connection = held.get(one_statement)
        if connection is None:
            connection = held[one_statement] = self.ledger.engine.connect()
            if one_statement:
                connection.execution_options(isolation_level="AUTOCOMMIT")
        try:
            with Session(bind=connection, expire_on_commit=False) as session, session.begin():
                yield session
        except BaseException:
            self._let_go()  # it may be broken: the next batch starts on a pinged one
            raise

    def _let_go(self) -> None:
        """Give the thread's held connections back to the pool (if it holds any)."""
        held: dict[bool, Connection] = self._held.__dict__.pop("connections", {})
        for connection in held.values():
            connection.close()

    def _write(self, batch: Sequence[_Pending]) -> None:
        one_statement = not any(p.arrival.choice.record_id for p in batch)
        try:
            with self._transaction(one_statement=one_statement) as session:
                outcomes = service.record_choices(session, [p.arrival for p in batch],
                                                  ua_key=self.ua_key)
        except Exception as exc:  # the thread must outlive any failure: callers are waiting
            if len(batch) == 1:
                batch[0].future.set_exception(exc)
                _wake(batch)
                return
            log.warning("consent batch of %d choices failed (%s); storing them one by one",
                        len(batch), type(exc).__name__)
            for pending in batch:
                self._write([pending])
            return
        self.batches += 1
        for pending, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, service.ChoiceResult):
                pending.future.set_result(outcome)
            else:
                pending.future.set_exception(outcome)
        _wake(batch)


def _wake(batch: Sequence[_Pending]) -> None:
    """Wake the event-loop callers of a resolved batch: one call into each loop."""
    by_loop: dict[asyncio.AbstractEventLoop, list[asyncio.Future[None]]] = {}
    for pending in batch:
        if pending.waiter is not None:
            by_loop.setdefault(pending.waiter[0], []).append(pending.waiter[1])
    for loop, waiters in by_loop.items():
        try:
            loop.call_soon_threadsafe(_set_all, waiters)
        except RuntimeError:  # the loop has closed: nobody is waiting there any more
            continue


def _set_all(waiters: list[asyncio.Future[None]]) -> None:
    for waiter in waiters:
        if not waiter.done():  # a caller that went away was cancelled
            waiter.set_result(None)
