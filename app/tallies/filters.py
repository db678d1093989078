"""Which legs a dashboard counts, parsed from what people type in a filter form or a query string."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from app.kernel.errors import InvalidFilterError
from app.kernel.vocabulary import CALL_METHODS, CHAMBERS


@dataclass(frozen=True)
class TallyFilter:
    """A UTC date range (both ends included), a chamber, a language, a method; None means any."""

    since: date | None = None
    until: date | None = None
    chamber: str | None = None
    language: str | None = None
    method: str | None = None

    def __post_init__(self) -> None:
        if self.since and self.until and self.until < self.since:
            raise InvalidFilterError("The end date is before the start date.")
        if self.chamber and self.chamber not in CHAMBERS:
            raise InvalidFilterError(f"Chamber must be one of {', '.join(CHAMBERS)}.")
        if self.method and self.method not in CALL_METHODS:
            raise InvalidFilterError(f"How the call was made must be one of {', '.join(CALL_METHODS)}.")

    def time_range(self) -> tuple[datetime | None, datetime | None]:
        """The filter's days as UTC instants: [start of `since`, start of the day after `until`)."""
        start = datetime.combine(self.since, time(), UTC) if self.since else None
        end = datetime.combine(self.until + timedelta(days=1), time(), UTC) if self.until else None
        return start, end

    def as_dict(self) -> dict[str, str]:
        """The filter as query-string parameters (only those that are set)."""
        return {name: str(value) for name, value in vars(self).items() if value}


def parse_filter(
    *, since: str = "", until: str = "", chamber: str = "", language: str = "", method: str = ""
) -> TallyFilter:
    """Empty fields mean "any"; a date is YYYY-MM-DD."""
    return TallyFilter(
        since=_parse_date(since, "start"),
        until=_parse_date(until, "end"),
        chamber=chamber.strip() or None,
        language=language.strip() or None,
        method=method.strip() or None,
    )


def _parse_date(value: str, which: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidFilterError(f"The {which} date {value!r} is not a date like 2026-11-23.") from None
