"""One thread that runs submitted functions in order, and hands each result back to its event loop."""

import asyncio
import contextlib
import contextvars
import queue
import threading
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")
# A thread with nothing to do for this long ends; the next submission starts a new one.
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
                loop.call_soon_threadsafe(settle, future, *outcome)


def settle(future: "asyncio.Future[Any]", result: Any, error: BaseException | None) -> None:
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
