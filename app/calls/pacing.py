"""Placing bridged calls no faster than the Twilio account allows, across every worker.

Each call reserves the next free slot (one every 1/rate seconds) in a row every worker shares, then
waits for it. A surge therefore waits in the job queue in order instead of being refused by Twilio.
"""

from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import select

from app.models.calls import CallPace
from app.storage.db import write_scope


def reserve_call_slot(engine: Engine, *, rate_per_second: float, now: datetime) -> float:
    """Seconds to wait before placing one call (0 when a slot is free now)."""
    with write_scope(engine) as session:
        pace = session.exec(select(CallPace).where(CallPace.id == 1).with_for_update()).one()
        slot = max(now, pace.next_at)
        pace.next_at = slot + timedelta(seconds=1 / rate_per_second)
        session.add(pace)
    return (slot - now).total_seconds()
