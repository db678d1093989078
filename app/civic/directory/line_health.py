"""Office numbers callers should not be sent to for a while: a full mailbox, reported by a caller.

A report marks the number for `first` (15 minutes by default); a report while it is marked, or
within `cap` after its mark ran out, doubles the time, up to `cap`. Marks live in the database
(`office_health`), so every process and instance sees them; each process keeps them in memory
(`LineHealth`, a read model following the `office-health` data version) and compares their end
with the clock at each lookup, so a mark expires without anyone writing anything.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from app.kernel.errors import OfficeNotFoundError
from app.models.directory import OfficeHealth
from app.storage.versions import OFFICE_HEALTH, bump_version

MAILBOX_FULL = "mailbox-full"


@dataclass(frozen=True)
class LineHealth:
    """The marked numbers and until when, as one process read them."""

    until: Mapping[str, datetime]

    def avoided(self, *, now: datetime) -> frozenset[str]:
        """The numbers still marked at `now`."""
        return frozenset(phone for phone, until in self.until.items() if until > now)


NO_MARKS = LineHealth(MappingProxyType({}))


def load_line_health(session: Session) -> LineHealth:
    """Every mark not yet over (the read model's build)."""
    now = datetime.now(UTC)
    rows = session.exec(select(OfficeHealth).where(col(OfficeHealth.unhealthy_until) > now))
    return LineHealth(MappingProxyType({row.phone: _aware(row.unhealthy_until) for row in rows}))


def mark_unhealthy(
    session: Session,
    *,
    phone: str,
    now: datetime,
    first: timedelta,
    cap: timedelta,
    reason: str = MAILBOX_FULL,
) -> OfficeHealth:
    """Mark `phone` (E.164) unhealthy from `now`; the caller commits. Safe when processes race:
    the row is created if missing, then read locked (PostgreSQL) and moved on."""
    session.connection().execute(
        _insert_for(session)(OfficeHealth.__table__)  # type: ignore[attr-defined]
        .values(phone=phone, strikes=0, unhealthy_until=now, last_reported_at=now, reason=reason)
        .on_conflict_do_nothing(index_elements=["phone"])
    )
    row = session.exec(select(OfficeHealth).where(OfficeHealth.phone == phone).with_for_update()).one()
    session.refresh(row)
    repeat = row.strikes > 0 and _aware(row.unhealthy_until) + cap > now
    row.strikes = row.strikes + 1 if repeat else 1
    span = min(first * 2 ** (row.strikes - 1), cap)
    row.unhealthy_until = max(now + span, _aware(row.unhealthy_until))
    row.last_reported_at, row.reason = now, reason
    session.add(row)
    bump_version(session, kind=OFFICE_HEALTH)
    return row


def clear_unhealthy(session: Session, *, phone: str) -> None:
    """Staff put the number back in use at once (its strikes are forgotten too)."""
    row = session.get(OfficeHealth, phone.strip())
    if row is None:
        raise OfficeNotFoundError(f"The number {phone!r} is not marked unhealthy.")
    session.delete(row)
    bump_version(session, kind=OFFICE_HEALTH)


def marked_numbers(session: Session, *, now: datetime) -> list[OfficeHealth]:
    """The numbers marked at `now`, the longest marked first (for /admin/directory)."""
    query = (
        select(OfficeHealth)
        .where(col(OfficeHealth.unhealthy_until) > now)
        .order_by(col(OfficeHealth.unhealthy_until).desc())
    )
    return list(session.exec(query))


def _insert_for(session: Session) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
