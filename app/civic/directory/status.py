"""How current the directory is: which Congress it holds, how old it is, and what staff should do.

The Census vintage for lookups follows the directory: when the clock says the 120th Congress sits
but the directory still holds the 119th's members, districts are looked up on the 119th's lines so
that a constituent reaches the member the directory holds for that district (and is told why).
"""

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cachetools import TTLCache, cached
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.civic.directory.terms import congress_at
from app.models.directory import DirectorySync

# The geocoder vintages whose congressional districts are those of each Congress.
VINTAGE_OF_CONGRESS = {119: "ACS2025_Current", 120: "Current_Current"}


@dataclass(frozen=True)
class DirectoryStatus:
    now: datetime
    last_synced_at: datetime | None
    congress: int | None
    stale_after: timedelta

    @property
    def sitting_congress(self) -> int:
        return congress_at(self.now)

    @property
    def age(self) -> timedelta | None:
        return self.now - self.last_synced_at if self.last_synced_at else None

    @property
    def behind_the_clock(self) -> bool:
        return self.congress is not None and self.congress < self.sitting_congress

    def warnings(self) -> list[str]:
        found: list[str] = []
        if self.congress is not None and self.behind_the_clock:
            found.append(
                f"The {ordinal(self.sitting_congress)} Congress took office; the directory still holds "
                f"the {ordinal(self.congress)}'s members: run a sync (switchboard directory sync)."
            )
        if self.age is not None and self.age > self.stale_after:
            found.append(
                f"The directory was last synced {describe_age(self.age)} ago: check the scheduled sync."
            )
        return found


def directory_status(session: Session, *, now: datetime, stale_after: timedelta) -> DirectoryStatus:
    last = session.exec(
        select(DirectorySync)
        .where(DirectorySync.status == "ok")
        .order_by(col(DirectorySync.started_at).desc())
        .limit(1)
    ).first()
    return DirectoryStatus(
        now=now,
        last_synced_at=last.finished_at if last else None,
        congress=last.congress if last else None,
        stale_after=stale_after,
    )


def directory_congress(session: Session) -> int | None:
    """The Congress whose members the last good sync loaded (None before any recorded sync)."""
    return session.exec(
        select(DirectorySync.congress)
        .where(DirectorySync.status == "ok", col(DirectorySync.congress).is_not(None))
        .order_by(col(DirectorySync.started_at).desc())
        .limit(1)
    ).first()


class LookupVintage:
    """The vintage for each lookup; the directory's Congress is re-read at most every `ttl_seconds`."""

    def __init__(self, engine: Engine, *, configured: str, ttl_seconds: float = 60.0) -> None:
        self._engine = engine
        self._configured = configured
        self._congress = cached(TTLCache(maxsize=1, ttl=ttl_seconds), lock=threading.Lock())(self._read)

    def __call__(self) -> str:
        if self._configured:
            return self._configured
        return lookup_vintage(configured="", directory_congress=self._congress(), now=datetime.now(UTC))

    def _read(self) -> int | None:
        with Session(self._engine) as session:
            return directory_congress(session)


def lookup_vintage(*, configured: str, directory_congress: int | None, now: datetime) -> str:
    """SWITCHBOARD_CENSUS_VINTAGE when set; else the directory's Congress's when it is not the sitting one."""
    if configured:
        return configured
    sitting = congress_at(now)
    wanted = directory_congress if directory_congress in VINTAGE_OF_CONGRESS else sitting
    return VINTAGE_OF_CONGRESS.get(wanted, VINTAGE_OF_CONGRESS[max(VINTAGE_OF_CONGRESS)])


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def describe_age(age: timedelta) -> str:
    hours = int(age.total_seconds() // 3600)
    if hours < 1:
        return f"{max(int(age.total_seconds() // 60), 0)} minutes"
    return f"{hours} hours" if hours < 48 else f"{hours // 24} days"
