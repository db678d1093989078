"""Placing bridged calls as jobs, paced to the Twilio account's calls-per-second."""

import asyncio
from functools import partial

from procrastinate import App
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.calls.pacing import reserve_call_slot
from app.calls.placing import WAITING, WAITING_LIMIT, place_recorded_call
from app.jobs.registry import CALLS, JobContext, job, services_of
from app.kernel.clock import utcnow
from app.models.calls import CallSession

PLACE_CALL = "calls.place"


@job(PLACE_CALL, queue=CALLS)
async def place_call(context: JobContext, call_id: str) -> None:
    services = services_of(context)
    if services.telephony is None:
        return  # Twilio was unconfigured since; reconcile closes the call as never placed
    wait = await asyncio.to_thread(
        reserve_call_slot,
        services.engine,
        rate_per_second=services.settings.call_rate_per_second,
        now=utcnow(),
    )
    await asyncio.sleep(wait)
    await asyncio.to_thread(
        partial(
            place_recorded_call,
            engine=services.engine,
            telephony=services.telephony,
            settings=services.settings,
            call_id=call_id,
        )
    )


class JobCallQueue:
    """The CallQueue of the web processes: a `calls.place` job per recorded call."""

    def __init__(self, job_app: App) -> None:
        self._job_app = job_app

    async def enqueue_call(self, call_id: str) -> None:
        await self._job_app.configure_task(PLACE_CALL).defer_async(call_id=call_id)


def waiting_calls(engine: Engine) -> list[str]:
    """Calls recorded but not yet placed, young enough to be placed still (oldest first)."""
    with Session(engine) as session:
        rows = session.exec(
            select(CallSession.id)
            .where(col(CallSession.status) == WAITING)
            .where(col(CallSession.created_at) >= utcnow() - WAITING_LIMIT)
            .order_by(col(CallSession.created_at))
        ).all()
    return list(rows)
