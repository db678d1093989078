"""When to call a constituent back: times the target's office is open and the constituent awake.

"Call me when they open" offers the first half-hour steps of the target's next open window and a
"tomorrow morning" time, each a moment when the office the card would show is open and it is
9:00–20:00 in the constituent's own zone (quiet hours: no call or text outside them). Moments are
UTC; local wall-clock times appear only in `within_waking_hours`.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.civic.directory.officials import OfficeChoice

WAKING_FROM = time(9)
WAKING_UNTIL = time(20)
STEP = timedelta(minutes=30)
WINDOW_SLOTS = 4
# A slot is at least this far off, so the constituent has time to read and confirm.
LEAD = timedelta(minutes=5)
# How far ahead slots are looked for: a long weekend with a holiday still finds Tuesday.
SEARCH = timedelta(days=6)
MORNING_ENDS = time(12)

# The office the card would show at a moment, with its status then (None: no office to call).
OfficeAt = Callable[[datetime], OfficeChoice | None]


@dataclass(frozen=True)
class Slot:
    at: datetime  # UTC, on a half hour
    tomorrow_morning: bool = False


def within_waking_hours(at: datetime, *, zone: ZoneInfo) -> bool:
    """Whether `at` falls between 9:00 and 20:00 in `zone`: a call or text then is not a nuisance."""
    local = at.astimezone(zone).time()
    return WAKING_FROM <= local < WAKING_UNTIL


def offer_slots(office_at: OfficeAt, *, caller_zone: ZoneInfo, now: datetime) -> list[Slot]:
    """The first WINDOW_SLOTS callable half hours of the next open window, and tomorrow morning's
    first callable half hour (flagged; added when it is not one of them), in time order."""
    window: list[datetime] = []
    for moment in _callable(office_at, zone=caller_zone, start=now + LEAD, until=now + SEARCH):
        if (window and moment - window[-1] > STEP) or len(window) == WINDOW_SLOTS:
            break
        window.append(moment)
    morning = _tomorrow_morning(office_at, zone=caller_zone, now=now)
    slots = [Slot(at, tomorrow_morning=at == morning) for at in window]
    if morning is not None and morning not in window:
        slots.append(Slot(morning, tomorrow_morning=True))
    return sorted(slots, key=lambda slot: slot.at)


def is_offered(at: datetime, *, slots: list[Slot]) -> bool:
    """Whether `at` is one of `slots` (a naive time, or one out of range, is none of them)."""
    if at.tzinfo is None:
        return False
    try:
        instant = at.astimezone(UTC)
    except OverflowError:
        return False
    return any(slot.at == instant for slot in slots)


def _tomorrow_morning(office_at: OfficeAt, *, zone: ZoneInfo, now: datetime) -> datetime | None:
    tomorrow = now.astimezone(zone).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, WAKING_FROM, tzinfo=zone).astimezone(UTC)
    noon = datetime.combine(tomorrow, MORNING_ENDS, tzinfo=zone).astimezone(UTC)
    return next(_callable(office_at, zone=zone, start=start, until=noon), None)


def _callable(office_at: OfficeAt, *, zone: ZoneInfo, start: datetime, until: datetime) -> Iterator[datetime]:
    """Half hours from `start` (rounded up) to `until` when the constituent is awake and the office open."""
    moment = _half_hour_after(start)
    while moment < until:
        if within_waking_hours(moment, zone=zone):
            choice = office_at(moment)
            if choice is not None and choice.status is not None and choice.status.open_now:
                yield moment
        moment += STEP


def _half_hour_after(moment: datetime) -> datetime:
    """The first UTC half hour at or after `moment` (every US zone's offset is whole hours)."""
    instant = moment.astimezone(UTC)
    floor = instant.replace(minute=0 if instant.minute < 30 else 30, second=0, microsecond=0)
    return floor if floor == instant else floor + STEP
