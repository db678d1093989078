"""Is an office open now, and when does that change: its weekly hours in its own zone, less holidays.

Everything is compared in UTC; wall-clock times become instants in the office's zone only here,
so a Monday across a DST change opens at 9:00 local, not 8:00 or 10:00. Federal holidays close
Capitol and district offices alike (the `holidays` package's US federal calendar, observed days
included).
"""

from collections.abc import Container
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

from app.civic.directory.office_hours import OfficeHours

# How far ahead "opens at" is looked for: two weeks covers every published weekly pattern.
LOOKAHEAD_DAYS = 14
FEDERAL_HOLIDAYS: Container[date] = holidays.country_holidays("US")


@dataclass(frozen=True)
class OfficeStatus:
    """Open or closed at the moment asked; `changes_at` (in the office's zone) is when it closes
    if open, when it next opens if closed, None if it does not open in the next two weeks."""

    open_now: bool
    changes_at: datetime | None


def office_status(
    hours: OfficeHours,
    *,
    zone: ZoneInfo,
    now: datetime,
    closed_days: Container[date] = FEDERAL_HOLIDAYS,
) -> OfficeStatus:
    """The office's state at `now` (timezone-aware) by its weekly `hours` in `zone`."""
    instant = now.astimezone(UTC)
    today = instant.astimezone(zone).date()
    for offset in range(-1, LOOKAHEAD_DAYS + 1):
        day = today + timedelta(days=offset)
        if day in closed_days:
            continue
        for opening in hours.on(day.weekday()):
            opens = _instant(day, opening.opens.hour, opening.opens.minute, zone)
            closes = _instant(day, opening.closes.hour, opening.closes.minute, zone)
            if opens <= instant < closes:
                return OfficeStatus(open_now=True, changes_at=closes.astimezone(zone))
            if opens > instant:
                return OfficeStatus(open_now=False, changes_at=opens.astimezone(zone))
    return OfficeStatus(open_now=False, changes_at=None)


def _instant(day: date, hour: int, minute: int, zone: ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time in `zone` on `day` (the first of two in a repeated hour)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).astimezone(UTC)
