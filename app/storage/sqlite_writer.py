"""Where a route's short write transaction runs: on SQLite one at a time, and never blocking the loop.

SQLite lets one writer in at a time, and a webhook's transaction takes a few hundred microseconds
of CPU with no I/O but the local file. On SQLite it runs right on the event loop when the write
lock is free at once (app.storage.sqlite_turns): no thread hand-over, whose GIL switches
cost more than the transaction itself. When the lock is held (by another thread of this process,
another process, or a pool with no connection to spare) the work instead queues for one writer
thread per engine, which runs queued transactions back to back and may wait for the lock, while
the loop goes on answering requests. Commits on the loop leave the WAL checkpoint (a sync to disk)
to that writer thread, every CHECKPOINT_EVERY of them; writes on the loop wait for it to finish
(the loop itself does not). On PostgreSQL, transactions use the usual thread pool, as many at once
as it has threads.

`work` is one short database transaction and nothing else: no network, no sleeping.
"""

import asyncio
import contextlib
import contextvars
import logging
import queue
import threading
import weakref
from collections.abc import Callable
from functools import partial
from typing import Any, ParamSpec, TypeVar

import anyio
from sqlalchemy import Engine

from app.storage.sqlite_turns import (
    WriteLockBusy,
    checkpoint_wal,
    pool_has_idle_connection,
    writes_without_waiting,
)

logger = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")
# A writer thread with nothing to do for this long ends; the next transaction starts a new one.
IDLE_SECONDS = 30.0
# Transactions committed on the event loop between two checkpoints (a webhook adds about 7 WAL pages;
# SQLite's own checkpoint comes after 1,000).
CHECKPOINT_EVERY = 100

Job = tuple[Callable[[], Any], asyncio.AbstractEventLoop, "asyncio.Future[Any]"]


class SerialWorker:
    """One thread that runs submitted functions in order, and hands each result back to its loop."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._jobs: queue.SimpleQueue[Job] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._running = False

    async def run(self, work: Callable[[], T]) -> T:
        future: asyncio.Future[T] = self.submit(work)
        # A cancelled request does not cancel a transaction already queued: it runs, and is dropped.
        return await asyncio.shield(future)

    def submit(self, work: Callable[[], T]) -> "asyncio.Future[T]":
        """Queue `work`; the future settles on this loop once it ran."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        with self._lock:
            self._jobs.put((partial(contextvars.copy_context().run, work), loop, future))
            if not self._running:
                self._running = True
                threading.Thread(target=self._serve, name=self._name, daemon=True).start()
        return future

    def _serve(self) -> None:
        while True:
            try:
                work, loop, future = self._jobs.get(timeout=IDLE_SECONDS)
            except queue.Empty:
                with self._lock:
                    if self._jobs.empty():
                        self._running = False
                        return
                continue
            try:
                outcome: tuple[Any, BaseException | None] = (work(), None)
            except BaseException as error:  # handed to the request that asked, as it would be inline
                outcome = (None, error)
            # A loop that closed meanwhile (its server stopped) has nobody waiting: the work is done.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_settle, future, *outcome)


def _settle(future: "asyncio.Future[Any]", result: Any, error: BaseException | None) -> None:
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


class SqliteWriter:
    """One engine's SQLite write transactions: on the loop when the lock is free, else in its thread."""

    def __init__(self, name: str) -> None:
        # No reference to the engine: this lives as long as the engine does (see `_writer`).
        self._thread = SerialWorker(name)
        self._since_checkpoint = 0
        self._checkpoint: asyncio.Future[None] | None = None

    async def run(self, engine: Engine, work: Callable[[], T]) -> T:
        checkpoint = self._checkpoint
        if checkpoint is not None and checkpoint.get_loop() is asyncio.get_running_loop():
            await asyncio.wait([checkpoint])  # it holds this process's turn to write meanwhile
        if pool_has_idle_connection(engine):
            try:
                with writes_without_waiting(engine):
                    result = work()
            except WriteLockBusy:
                pass
            else:
                self._committed_on_loop(engine)
                return result
        return await self._thread.run(work)

    def _committed_on_loop(self, engine: Engine) -> None:
        self._since_checkpoint += 1
        if self._since_checkpoint >= CHECKPOINT_EVERY and self._checkpoint is None:
            self._since_checkpoint = 0
            self._checkpoint = self._thread.submit(partial(checkpoint_wal, engine))
            self._checkpoint.add_done_callback(self._checkpointed)

    def _checkpointed(self, checkpoint: "asyncio.Future[None]") -> None:
        self._checkpoint = None
        if not checkpoint.cancelled() and checkpoint.exception() is not None:
            logger.warning("WAL checkpoint failed", exc_info=checkpoint.exception())


_writers: "weakref.WeakKeyDictionary[Engine, SqliteWriter]" = weakref.WeakKeyDictionary()
_writers_guard = threading.Lock()


async def run_transaction(engine: Engine, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`work(*args, **kwargs)`: on SQLite one at a time per engine (see above), else in a worker thread."""
    call = partial(work, *args, **kwargs)
    if engine.dialect.name != "sqlite":
        return await anyio.to_thread.run_sync(call)
    return await _writer(engine).run(engine, call)


def _writer(engine: Engine) -> SqliteWriter:
    with _writers_guard:
        writer = _writers.get(engine)
        if writer is None:
            writer = _writers[engine] = SqliteWriter(f"sqlite-writer-{engine.url.database}")
        return writer
