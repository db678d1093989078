"""Scheduled directory syncs: daily, and hourly while a new Congress and legislatures take office.

Time is cut into slots (a day, or an hour in the busy window: January 2–10 of odd years, Eastern
time, by default). The first process to record a slot's sync runs it; every other process and
instance that ticks in the same slot finds it taken and does nothing. So the tick may come from
any scheduler, any number of times: the database decides.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from app.civic.directory.terms import EASTERN
from app.civic.sync.datasets import Progress, SyncReport
from app.civic.sync.runs import AfterWrite, SlotTakenError, SyncRequest, run_directory_sync
from app.civic.sync.sources import DirectorySource

_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class SyncSchedule:
    every: timedelta
    busy_every: timedelta
    busy_from: tuple[int, int]  # (month, day), odd years
    busy_until: tuple[int, int]

    @property
    def enabled(self) -> bool:
        return self.every > timedelta(0)

    def interval_at(self, now: datetime) -> timedelta:
        local = now.astimezone(EASTERN)
        busy = local.year % 2 == 1 and self.busy_from <= (local.month, local.day) <= self.busy_until
        return self.busy_every if busy and self.busy_every > timedelta(0) else self.every

    def slot_at(self, now: datetime) -> str:
        """The slot `now` falls in, e.g. "1h:17724" (hour 17,724 since the epoch) or "24h:20821"."""
        interval = self.interval_at(now)
        return f"{interval.total_seconds() / 3600:g}h:{int(now.timestamp() // interval.total_seconds())}"


def parse_month_day(text: str) -> tuple[int, int]:
    found = _MONTH_DAY.match(text.strip())
    if not found or not (1 <= int(found.group(1)) <= 12 and 1 <= int(found.group(2)) <= 31):
        raise ValueError(f"{text!r} is not a month and day as MM-DD")
    return int(found.group(1)), int(found.group(2))


def run_scheduled_sync(
    engine: Engine,
    *,
    source: Callable[[], DirectorySource],
    schedule: SyncSchedule,
    max_removed_share: float,
    now: datetime,
    progress: Progress,
    after_write: Sequence[AfterWrite] = (),
) -> list[SyncReport] | None:
    """Sync now unless this slot's sync already ran (here or in any other process): None then.

    A scheduled sync is never forced: one that would remove too much is refused and recorded,
    for staff to look at on /admin/directory.
    """
    if not schedule.enabled:
        return None
    request = SyncRequest(
        trigger="scheduled",
        actor="schedule",
        max_removed_share=max_removed_share,
        slot=schedule.slot_at(now),
    )
    try:
        return run_directory_sync(
            engine, source=source(), request=request, progress=progress, after_write=after_write
        )
    except SlotTakenError:
        return None
