"""Where a route's database work runs: off the event loop, and on SQLite one transaction at a time.

SQLite lets one writer in at a time. Handing every webhook to its own worker thread makes dozens of
threads wait on the lock and on each other for the GIL, which costs more CPU than the writes. On
SQLite, requests instead wait their turn on the event loop (holding no connection and no thread)
and run one by one on a worker thread; on PostgreSQL they use the usual thread pool, as many at once
as it has threads.
"""

import weakref
from collections.abc import Callable
from functools import partial
from typing import ParamSpec, TypeVar

import anyio
from anyio import CapacityLimiter
from sqlalchemy import Engine

P = ParamSpec("P")
T = TypeVar("T")

_limiters: "weakref.WeakKeyDictionary[Engine, CapacityLimiter]" = weakref.WeakKeyDictionary()


async def run_transaction(engine: Engine, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`work(*args, **kwargs)` on a worker thread; on SQLite, one at a time per process."""
    limiter = _limiter(engine) if engine.dialect.name == "sqlite" else None
    return await anyio.to_thread.run_sync(partial(work, *args, **kwargs), limiter=limiter)


def _limiter(engine: Engine) -> CapacityLimiter:
    limiter = _limiters.get(engine)
    if limiter is None:
        limiter = _limiters[engine] = CapacityLimiter(1)
    return limiter
