"""When an official sits: their term's start and end, judged at lookup time, not at sync time.

Terms of Congress begin and end at noon Eastern on the dates the source gives (the 20th
Amendment); state legislative dates are whole days (a role's `end_date` is its last day).
"""

import re
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from app.kernel.vocabulary import CONGRESS

EASTERN = ZoneInfo("America/New_York")
_NOON = time(12, 0)
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
FIRST_CONGRESS_YEAR = 1789


class TermStatus(StrEnum):
    SITTING = "sitting"
    ENDED = "ended"
    NOT_STARTED = "not_started"


def term_status(*, chamber: str, start: date | None, end: date | None, now: datetime) -> TermStatus:
    """Whether a term given by its dates is running at `now` (an unknown date never limits it)."""
    if start is not None and now < term_starts_at(chamber, start=start):
        return TermStatus.NOT_STARTED
    if end is not None and now >= term_ends_at(chamber, end=end):
        return TermStatus.ENDED
    return TermStatus.SITTING


def term_starts_at(chamber: str, *, start: date) -> datetime:
    at = _NOON if chamber in CONGRESS else time(0, 0)
    return datetime.combine(start, at, tzinfo=EASTERN)


def term_ends_at(chamber: str, *, end: date) -> datetime:
    if chamber in CONGRESS:
        return datetime.combine(end, _NOON, tzinfo=EASTERN)
    return datetime.combine(end + timedelta(days=1), time(0, 0), tzinfo=EASTERN)


def congress_at(moment: datetime) -> int:
    """The number of the Congress sitting at `moment` (each begins at noon ET on January 3 of odd years)."""
    local = moment.astimezone(EASTERN)
    number = (local.year - FIRST_CONGRESS_YEAR) // 2 + 1
    begins = datetime(FIRST_CONGRESS_YEAR + 2 * (number - 1), 1, 3, 12, tzinfo=EASTERN)
    return number - 1 if local < begins else number


def congress_of_term(start: date) -> int:
    """The Congress a House term starting on `start` belongs to."""
    return congress_at(datetime.combine(start, _NOON, tzinfo=EASTERN) + timedelta(minutes=1))


def parse_term_date(value: object, *, last: bool = False) -> date | None:
    """A date from the source's "2025-01-03", "2025-01" or "2025" (a partial end date: its last day)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    found = _PARTIAL_DATE.match(str(value or ""))
    if not found:
        return None
    year, month, day = found.groups()
    try:
        if day:
            return date(int(year), int(month), int(day))
        if month:
            first = date(int(year), int(month), 1)
            return _last_day_of_month(first) if last else first
        return date(int(year), 12, 31) if last else date(int(year), 1, 1)
    except ValueError:
        return None


def _last_day_of_month(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
