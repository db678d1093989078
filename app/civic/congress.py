"""Members of Congress from unitedstates/congress-legislators, as directory records."""

from typing import Any

from app.civic.directory import OfficeContact, Representative
from app.civic.divisions import DELEGATE_PLACES, congressional_division, state_division
from app.phones import to_e164

SOURCE = "congress-legislators"


def congress_records(
    legislators: list[dict[str, Any]], district_offices: list[dict[str, Any]]
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
        chamber, title, district, division = "us-senate", "Senator", "", state_division(state)
    else:
        number = int(term.get("district") or 0)
        chamber, district = "us-house", str(number)
        title = _house_title(state)
        division = congressional_division(state, number)
    capitol = OfficeContact(
        id=f"{bioguide}-capitol",
        kind="capitol",
        address=term.get("address") or term.get("office") or "",
        city="Washington",
        state="DC",
        zip="",
        phone=to_e164(term.get("phone")),
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
    )


def _house_title(state: str) -> str:
    if state == "PR":
        return "Resident Commissioner"
    return "Delegate" if state in DELEGATE_PLACES else "Representative"


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
        phone=to_e164(office.get("phone")),
        latitude=office.get("latitude"),
        longitude=office.get("longitude"),
    )
