"""Members of Congress from unitedstates/congress-legislators, as directory records."""

from collections import Counter
from datetime import date, timedelta
from typing import Any

from app.civic.directory.officials import Gender, OfficeContact, Representative
from app.civic.directory.terms import congress_at, parse_term_date, term_ends_at
from app.civic.geography.divisions import DELEGATE_PLACES, congressional_division, state_division
from app.kernel.phones import office_phone_or_none
from app.kernel.vocabulary import Chamber

SOURCE = "congress-legislators"
# Consecutive terms in the same seat count as one (a re-elected member whose new term is listed
# before it starts is sitting meanwhile); a few days' gap still joins them.
_JOINED_TERMS = timedelta(days=7)
_GENDERS = {"F": Gender.FEMALE, "M": Gender.MALE}  # `bio.gender`


def congress_records(
    legislators: list[dict[str, Any]], *, district_offices: list[dict[str, Any]]
) -> list[Representative]:
    """One record per sitting member (the last term is the current seat), with all offices."""
    offices_by_member = {entry["id"]["bioguide"]: entry.get("offices") or [] for entry in district_offices}
    return [
        _member_record(person, offices_by_member.get(person["id"]["bioguide"], []))
        for person in legislators
        if person.get("terms")
    ]


def _member_record(person: dict[str, Any], offices: list[dict[str, Any]]) -> Representative:
    bioguide = person["id"]["bioguide"]
    term = person["terms"][-1]
    state = term["state"]
    name = person["name"]
    full_name = name.get("official_full") or f"{name['first']} {name['last']}"
    if term["type"] == "sen":
        chamber, title, district, division = Chamber.US_SENATE, "Senator", "", state_division(state)
    else:
        number = int(term.get("district") or 0)
        chamber, district = Chamber.US_HOUSE, str(number)
        title = _house_title(state)
        division = congressional_division(state, district=number)
    capitol = OfficeContact(
        id=f"{bioguide}-capitol",
        kind="capitol",
        address=term.get("address") or term.get("office") or "",
        city="Washington",
        state="DC",
        zip="",
        phone=office_phone_or_none(term.get("phone")),
    )
    return Representative(
        id=bioguide,
        source=SOURCE,
        name=full_name,
        last_name=name["last"],
        title=title,
        chamber=chamber,
        party=term.get("party", ""),
        state=state,
        district=district,
        division_id=division,
        offices=(*(_district_office(o) for o in offices), capitol),
        term_start=_seat_start(person["terms"]),
        term_end=parse_term_date(term.get("end")),
        gender=_GENDERS.get(str((person.get("bio") or {}).get("gender", "")).upper(), Gender.UNKNOWN),
    )


def _seat_start(terms: list[dict[str, Any]]) -> date | None:
    """When the member began to hold their current seat without a break (the last term's seat)."""
    last = terms[-1]
    start = parse_term_date(last.get("start"))
    for earlier in reversed(terms[:-1]):
        end = parse_term_date(earlier.get("end"))
        same_seat = all(earlier.get(k) == last.get(k) for k in ("type", "state", "district"))
        if start is None or end is None or not same_seat or start - end > _JOINED_TERMS:
            break
        start = parse_term_date(earlier.get("start")) or start
    return start


def directory_congress(records: list[Representative]) -> int | None:
    """The Congress most House members listed serve in (judged by their terms' ends), if any."""
    counts = Counter(
        congress_at(term_ends_at(Chamber.US_HOUSE, end=r.term_end) - timedelta(minutes=1))
        for r in records
        if r.chamber == Chamber.US_HOUSE and r.term_end is not None
    )
    if not counts:
        return None
    return max(counts, key=lambda number: (counts[number], number))


def _house_title(state: str) -> str:
    if state == "PR":
        return "Resident Commissioner"
    return "Delegate" if state in DELEGATE_PLACES else "Representative"


# The `office.hours` column's width; the longest published text is under 150 characters.
HOURS_LIMIT = 300


def _district_office(office: dict[str, Any]) -> OfficeContact:
    street = ", ".join(
        str(part) for part in (office.get("address"), office.get("suite"), office.get("building")) if part
    )
    return OfficeContact(
        id=str(office["id"]),
        kind="district",
        address=street,
        city=office.get("city") or "",
        state=office.get("state") or "",
        zip=str(office.get("zip") or ""),
        phone=office_phone_or_none(office.get("phone")),
        latitude=office.get("latitude"),
        longitude=office.get("longitude"),
        hours=" ".join(str(office.get("hours") or "").split())[:HOURS_LIMIT],
    )
