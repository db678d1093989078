"""Where a route's database work runs: off the event loop, and on SQLite one transaction at a time.

SQLite lets one writer in at a time. Handing every webhook to its own worker thread makes dozens of
threads wait on the lock and on each other for the GIL, which costs more CPU than the writes. On
SQLite, transactions instead queue for one writer thread per engine, which runs them back to back:
the next one starts the moment the last commits, without a turn of the event loop in between, while
the loop goes on parsing and answering requests. On PostgreSQL they use the usual thread pool, as
many at once as it has threads.
"""

import asyncio
import contextlib
import contextvars
import queue
import threading
import weakref
from collections.abc import Callable
from functools import partial
from typing import Any, ParamSpec, TypeVar

import anyio
from sqlalchemy import Engine

P = ParamSpec("P")
T = TypeVar("T")
# A writer thread with nothing to do for this long ends; the next transaction starts a new one.
IDLE_SECONDS = 30.0

Job = tuple[Callable[[], Any], asyncio.AbstractEventLoop, "asyncio.Future[Any]"]


class SerialWorker:
    """One thread that runs submitted functions in order, and hands each result back to its loop."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._jobs: queue.SimpleQueue[Job] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._running = False

    async def run(self, work: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        with self._lock:
            self._jobs.put((partial(contextvars.copy_context().run, work), loop, future))
            if not self._running:
                self._running = True
                threading.Thread(target=self._serve, name=self._name, daemon=True).start()
        # A cancelled request does not cancel a transaction already queued: it runs, and is dropped.
        return await asyncio.shield(future)

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


_writers: "weakref.WeakKeyDictionary[Engine, SerialWorker]" = weakref.WeakKeyDictionary()
_writers_guard = threading.Lock()


async def run_transaction(engine: Engine, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`work(*args, **kwargs)` off the event loop; on SQLite, in turn on the engine's writer thread."""
    call = partial(work, *args, **kwargs)
    if engine.dialect.name != "sqlite":
        return await anyio.to_thread.run_sync(call)
    return await _writer(engine).run(call)


def _writer(engine: Engine) -> SerialWorker:
    with _writers_guard:
        writer = _writers.get(engine)
        if writer is None:
            writer = _writers[engine] = SerialWorker(f"sqlite-writer-{engine.url.database}")
        return writer
