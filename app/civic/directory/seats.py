"""What to say about the seats at a location that no sitting official in the directory fills.

A seat is explained, in order, by a member whose term has ended (their successor is not in the
directory yet), by a member-elect whose term has not started, by a listed vacancy past its
`vacant_until` (it may be filled already), and only then called vacant.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from babel.dates import format_date

from app.civic.directory.officials import Representative
from app.civic.directory.terms import TermStatus
from app.civic.geography.divisions import DELEGATE_PLACES, state_name
from app.civic.geography.legislative_districts import district_by_division, is_unicameral
from app.civic.geography.location import Location
from app.i18n.catalog import text, words
from app.kernel.vocabulary import STATE_LEGISLATURE, Chamber

SEATS_PER_LOCATION: dict[str, int] = {Chamber.US_SENATE: 2, Chamber.US_HOUSE: 1}


@dataclass(frozen=True)
class EmptySeat:
    """A seat at the location that no sitting official in the directory fills, and what to say."""

    chamber: str
    message: str


@dataclass(frozen=True)
class Seats:
    sitting: list[Representative]
    notes: list[EmptySeat]


def seats_for(
    chamber: str,
    *,
    location: Location,
    members: Sequence[Representative],
    now: datetime,
    language: str = "en",
    past_due_vacancies: Mapping[str, int] | None = None,
) -> Seats:
    """The members of `chamber` sitting at `now`, and a note for every seat they leave unexplained."""
    by_status: dict[TermStatus, list[Representative]] = {s: [] for s in TermStatus}
    for member in members:
        by_status[member.term_status(now)].append(member)
    sitting = by_status[TermStatus.SITTING]
    expected = _expected_seats(chamber, location, language)
    if isinstance(expected, str):
        return Seats(sitting, [EmptySeat(chamber, expected)] if expected else [])
    missing = expected - len(sitting)
    notes: list[EmptySeat] = []
    ended = sorted(by_status[TermStatus.ENDED], key=lambda m: m.term_end or now.date(), reverse=True)
    for member in ended[: max(missing, 0)]:
        notes.append(_ended(chamber, member, language))
    missing -= len(notes)
    elect = by_status[TermStatus.NOT_STARTED][: max(missing, 0)]
    notes += [_not_started(chamber, member, language) for member in elect]
    missing -= len(elect)
    may_be_filled = min(max(missing, 0), (past_due_vacancies or {}).get(chamber, 0))
    if may_be_filled:
        label = chamber_label(language, chamber=chamber)
        notes += [EmptySeat(chamber, message(language, key="may_be_filled", chamber=label))] * may_be_filled
    return Seats(sitting, notes + _vacant_seats(chamber, missing - may_be_filled, language))


def _expected_seats(chamber: str, location: Location, language: str) -> int | str:
    """How many seats of `chamber` the location has, or what to say instead ("": nothing)."""
    if chamber in STATE_LEGISLATURE:
        if chamber == Chamber.STATE_LOWER and is_unicameral(location.state):
            return message(language, key="unicameral", state=state_label(language, state=location.state))
        found = map(district_by_division, location.division_ids)
        districts = [d for d in found if d and d.chamber == chamber]
        if not districts:
            return message(language, key="unknown_district", chamber=chamber_label(language, chamber=chamber))
        return sum(d.seats for d in districts)
    if chamber == Chamber.US_SENATE and location.state in DELEGATE_PLACES:
        return ""
    if chamber == Chamber.US_HOUSE and location.congressional_district is None:
        return message(language, key="unknown_cd")
    return SEATS_PER_LOCATION.get(chamber, 0)


def _ended(chamber: str, member: Representative, language: str) -> EmptySeat:
    when = long_date(language, day=member.term_end) if member.term_end else ""
    text = message(
        language,
        key="term_ended",
        who=f"{member.title} {member.name}",
        date=when,
        chamber=chamber_label(language, chamber=chamber),
    )
    return EmptySeat(chamber, text)


def _not_started(chamber: str, member: Representative, language: str) -> EmptySeat:
    when = long_date(language, day=member.term_start) if member.term_start else ""
    return EmptySeat(chamber, message(language, key="term_not_started", who=member.name, date=when))


def _vacant_seats(chamber: str, missing: int, language: str) -> list[EmptySeat]:
    if missing <= 0:
        return []
    key = "vacant_one" if missing == 1 else "vacant_many"
    return [
        EmptySeat(
            chamber, message(language, key=key, n=missing, chamber=chamber_label(language, chamber=chamber))
        )
    ]


def message(language: str, *, key: str, **values: object) -> str:
    """A note of the catalog's targeting section in `language`, filled in."""
    return text(language, "targeting", key, **values)


def chamber_label(language: str, *, chamber: str) -> str:
    return message(language, key=chamber)


def state_label(language: str, *, state: str) -> str:
    """A state's name in `language` ("Nueva York"), from its postal code."""
    return words(language, "states").get(state) or state_name(state)


def long_date(language: str, *, day: date) -> str:
    """ "November 3, 2026" / "3 de noviembre de 2026" (CLDR's long date format for the language)."""
    return format_date(day, format="long", locale=language)
