"""Scheduled calls and reminders ("Call me when they open"), served every minute at their time."""

import asyncio
import logging
from functools import partial

from app.calls.scheduled_runs import claim_due, close_stale_claims, serve_claimed
from app.jobs.calls import JobCallQueue
from app.jobs.registry import JobContext, job, services_of
from app.kernel.clock import utcnow

log = logging.getLogger("switchboard")


@job("calls.scheduled", cron="* * * * *")
async def serve_scheduled_calls(context: JobContext, timestamp: int) -> None:
    """Every minute: claim the scheduled calls and reminders now due, serve each once.

    A bridged call is recorded, then queued as a `calls.place` job like any "Call me" (so the
    account's pace holds); a claim is exclusive, so a tick run twice (or by two workers) serves
    nothing twice.
    """
    assert context.app is not None
    services = services_of(context)
    engine, now = services.engine, utcnow()
    stale = await asyncio.to_thread(partial(close_stale_claims, engine, now=now))
    if stale:
        log.warning("scheduled calls: closed %d claims a stopped worker left", stale)
    queue = JobCallQueue(context.app)
    for scheduled_id in await asyncio.to_thread(partial(claim_due, engine, now=now)):
        served = await asyncio.to_thread(
            partial(
                serve_claimed,
                engine,
                scheduled_id=scheduled_id,
                campaigns=services.read_models,
                telephony=services.telephony,
                settings=services.settings,
                now=now,
            )
        )
        log.info("scheduled call %s: %s", scheduled_id, served.status)
        if served.call_id is not None:
            await queue.enqueue_call(served.call_id)
