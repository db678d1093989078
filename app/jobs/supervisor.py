"""Keeping a worker working: restarted with backoff when its database connection is lost.

Procrastinate's worker stops when one of its side tasks fails ("Side task listener failed", as
when PostgreSQL restarts) or raises when a query does. `keep_working` runs it again after a pause
that grows with each failure in a row (RESTART_DELAYS) and starts over once a run has lasted
HEALTHY_RUN; only a stop request (SIGINT/SIGTERM, or cancelling it) ends it. Jobs the lost worker
left `doing` are queued again by the stalled-jobs tick (app/jobs/maintenance.py).
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress

log = logging.getLogger("switchboard")
RESTART_DELAYS = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
HEALTHY_RUN = 60.0


async def keep_working(
    run: Callable[[], Awaitable[None]],
    *,
    stop: asyncio.Event,
    delays: tuple[float, ...] = RESTART_DELAYS,
) -> int:
    """Run `run()` until `stop` is set, starting it again whenever it ends or fails; the restarts made.

    When `stop` is set the running `run()` is cancelled (Procrastinate's worker then finishes its
    jobs and unregisters) and awaited.
    """
    loop = asyncio.get_running_loop()
    failures = restarts = 0
    while True:
        started = loop.time()
        outcome = await _run_until_stopped(run, stop)
        if stop.is_set():
            return restarts
        failures = 0 if loop.time() - started >= HEALTHY_RUN else failures
        delay = delays[min(failures, len(delays) - 1)]
        failures += 1
        restarts += 1
        log.warning("worker stopped (%s); starting it again in %.0f s", outcome, delay)
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=delay)
        if stop.is_set():
            return restarts


async def _run_until_stopped(run: Callable[[], Awaitable[None]], stop: asyncio.Event) -> str:
    """How the run ended ("stopped" when `stop` ended it)."""
    task = asyncio.ensure_future(run())
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
        if not task.done():
            task.cancel()
        with suppress(asyncio.CancelledError, Exception):
            await task
    if task.cancelled():
        return "stopped"
    error = task.exception()
    return f"{type(error).__name__}: {error}" if error else "it ended on its own"
