"""When an office answers its phone: weekly opening hours, read from the free text offices publish.

congress-legislators gives about one district office in five an `hours` text ("Mon-Fri 9am-5pm",
"Monday through Friday, 9 a.m. to 5 p.m.", "Tuesday 10:00AM-12:00PM and Thursday 2:00PM-4:00PM",
"By appointment only"). What reads unambiguously as days and times becomes `Opening`s; anything
else is kept as text, shown as published and never guessed: such an office gets the default hours
of its kind (`default_hours`). Times are wall-clock times in the office's own zone.
"""

import re
from dataclasses import dataclass
from datetime import time

from app.kernel.vocabulary import OfficeKind

_DAYS = {
    "monday": 0, "mondays": 0, "mon": 0, "m": 0,
    "tuesday": 1, "tuesdays": 1, "tues": 1, "tue": 1, "tu": 1,
    "wednesday": 2, "wednesdays": 2, "wed": 2, "w": 2,
    "thursday": 3, "thursdays": 3, "thurs": 3, "thur": 3, "thu": 3, "th": 3, "r": 3,
    "friday": 4, "fridays": 4, "fri": 4, "f": 4,
    "saturday": 5, "saturdays": 5, "sat": 5,
    "sunday": 6, "sundays": 6, "sun": 6,
}  # fmt: skip
# Day words; short ones (M, W, Th, ...) count only inside a range ("M-F"), where they are no word.
_LONG_DAY = "|".join(sorted((rf"{word}\.?" for word in _DAYS if len(word) >= 3), key=len, reverse=True))
_ANY_DAY = "|".join(sorted((rf"{word}\.?" for word in _DAYS), key=len, reverse=True))
_TO = r"\s*(?:-|–|—|to|thru|through)\s*"
_DAY_RANGE = rf"(?:{_ANY_DAY}){_TO}(?:{_ANY_DAY})"
_DAY_SPEC = re.compile(
    rf"\b(?:{_DAY_RANGE}|{_LONG_DAY})(?:\s*(?:,|/|&|and)\s*(?:{_DAY_RANGE}|{_LONG_DAY}))*(?![a-z])",
    re.IGNORECASE,
)
_CLOCK = r"(\d{1,2})(?::(\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?)?"
# Hours that hold only some weeks ("First Tuesday of every month") are not a weekly pattern.
_IRREGULAR = re.compile(
    r"\b(?:first|second|third|fourth|last|1st|2nd|3rd|4th|5th|every other|alternat\w*|month\w*|bi-?weekly)\b",
    re.IGNORECASE,
)
_WEEKDAYS = re.compile(r"\bweekdays\b", re.IGNORECASE)
_NOON = re.compile(r"(?:\b12(?::00)?\s*)?\bnoon\b", re.IGNORECASE)
_TIME_RANGE = re.compile(rf"(?<![\d:]){_CLOCK}{_TO}{_CLOCK}(?![\d:])", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:,|/|&|\band\b)\s*", re.IGNORECASE)
_RANGE = re.compile(rf"^(.+?){_TO}(.+)$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Opening:
    """Open on `weekday` (0 = Monday) from `opens` until `closes`, the office's wall-clock time."""

    weekday: int
    opens: time
    closes: time


@dataclass(frozen=True)
class OfficeHours:
    """The weekly openings; `text` is what the office published ("" for our defaults)."""

    openings: tuple[Opening, ...]
    text: str = ""

    def on(self, weekday: int) -> list[Opening]:
        return [opening for opening in self.openings if opening.weekday == weekday]


def weekdays(*, opens: time, closes: time) -> OfficeHours:
    """Open Monday to Friday between the two times."""
    return OfficeHours(openings=tuple(Opening(day, opens, closes) for day in range(5)))


CAPITOL_HOURS = weekdays(opens=time(9), closes=time(17, 30))
DISTRICT_HOURS = weekdays(opens=time(9), closes=time(17))


def default_hours(kind: str) -> OfficeHours:
    """Capitol Hill offices keep 9:00–17:30 Eastern, district offices 9:00–17:00 local, Mon–Fri."""
    return CAPITOL_HOURS if kind == OfficeKind.CAPITOL else DISTRICT_HOURS


def parse_hours(text: str) -> OfficeHours | None:
    """The openings `text` states plainly; None when it states none (the text is then kept as is).

    Each run of times belongs to the days named just before it, or just after it when no days
    came before ("8:30am-4:30pm, M-F"). Days named without times ("Monday by appointment") open
    nothing; hours that hold only some weeks open nothing either.
    """
    if _IRREGULAR.search(text):
        return None
    plain = _WEEKDAYS.sub("Mon-Fri", _NOON.sub("12:00pm", text))
    matches = sorted(
        [(m.start(), "days", m) for m in _DAY_SPEC.finditer(plain)]
        + [(m.start(), "times", m) for m in _TIME_RANGE.finditer(plain)],
        key=lambda item: item[0],
    )
    openings: list[Opening] = []
    days: list[int] | None = None
    waiting: list[tuple[time, time]] = []
    for _, kind, match in matches:
        if kind == "days":
            days = _days_of(match.group(0))
            openings += [Opening(day, opens, closes) for day in days for opens, closes in waiting]
            waiting = []
            continue
        span = _times_of(match)
        if span is None:
            return None
        if days is None:
            waiting.append(span)
        else:
            openings += [Opening(day, *span) for day in days]
    if not openings:
        return None
    return OfficeHours(openings=tuple(sorted(set(openings))), text=text.strip())


def _days_of(spec: str) -> list[int]:
    found: list[int] = []
    for part in _SPLIT.split(spec.strip()):
        ends = _RANGE.match(part)
        if ends:
            first, last = _day(ends.group(1)), _day(ends.group(2))
            found += (
                list(range(first, last + 1)) if first <= last else [*range(first, 7), *range(0, last + 1)]
            )
        elif part:
            found.append(_day(part))
    return sorted(set(found))


def _day(word: str) -> int:
    return _DAYS[word.strip().rstrip(".").lower()]


def _times_of(match: re.Match[str]) -> tuple[time, time] | None:
    """The opening and closing times of "9-5:30pm", "8:30 am to 5:00 pm", "9 a.m. - 12:00pm"."""
    start_hour, start_minute, start_half, end_hour, end_minute, end_half = match.groups()
    end = _clock(int(end_hour), int(end_minute or 0), end_half)
    if end is None:
        return None
    if start_half:
        start = _clock(int(start_hour), int(start_minute or 0), start_half)
    else:
        start = _bare_start(int(start_hour), int(start_minute or 0), end=end)
    if start is None or start >= end:
        return None
    return start, end


def _clock(hour: int, minute: int, half: str | None) -> time | None:
    if minute > 59 or hour > 23:
        return None
    marker = (half or "").replace(".", "").replace(" ", "").lower()
    if marker in ("am", "pm"):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if marker == "pm" else 0)
    elif hour <= 6:
        # A closing hour with no am/pm ("9-5") is in the afternoon: offices do not close at 5 am.
        hour += 12
    return time(hour, minute)


def _bare_start(hour: int, minute: int, *, end: time) -> time | None:
    """An opening hour with no am/pm ("9-5:30pm"): the morning, unless that is not before closing."""
    if minute > 59 or not 1 <= hour <= 12:
        return None
    morning = time(hour % 12, minute) if hour != 12 else time(12, minute)
    if morning < end:
        return morning
    afternoon = time(hour % 12 + 12, minute)
    return afternoon if afternoon < end else None
