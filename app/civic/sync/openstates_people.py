"""State legislators from Open States' people data (openstates/people YAML), as directory records.

A person file lives in `data/<state>/legislature/`; their seat is the role of type
upper|lower|legislature running at sync time (else one starting later: a member-elect), kept with
its start and end dates so that lookups judge it when they happen; the district is a name that
openstates-metadata turns into an Open Civic Data id. `settings.yml` lists the seats known to be vacant.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from app.civic.directory.officials import Gender, OfficeContact, Representative
from app.civic.directory.terms import parse_term_date
from app.civic.geography.legislative_districts import LegislativeDistrict, find_district
from app.civic.sync.parsed_files import ParsedFiles
from app.kernel.phones import office_phone_or_none

SOURCE = "openstates"
MAX_ADDRESS = 300  # the office.address column
LEGISLATIVE_ROLES = frozenset({"upper", "lower", "legislature"})
PERSON_FILES = "data/*/legislature/*.yml"  # the files read (a glob); _PERSON_PATH says whose they are
_PERSON_PATH = re.compile(r"^data/([a-z]{2})/legislature/[^/]+\.ya?ml$")
_CITY_STATE_ZIP = re.compile(r"(?:^|,)\s*([^,]+?),?\s+([A-Z]{2})\.?\s+(\d{5})(?:-\d{4})?\s*$")
# `gender` is free text: "Female" and "Male" mostly, a few "X"; anything else leaves it unknown.
_GENDERS = {"female": Gender.FEMALE, "male": Gender.MALE}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class VacancyRecord:
    state: str
    chamber: str
    district: str
    division_id: str
    vacant_until: date | None


def person_state(path: str) -> str | None:
    """The state of a person file (`data/ma/legislature/X.yml`), or None for any other file."""
    found = _PERSON_PATH.match(path)
    return found.group(1).upper() if found else None


def load_yaml(content: bytes) -> Any:
    return yaml.load(content, Loader=_Loader)  # noqa: S506 (a safe loader, C or Python)


@dataclass(frozen=True)
class Term:
    """A legislative role or a party membership as a person file gives it, dates parsed."""

    name: str  # the role's type (upper|lower|legislature) or the party's name
    district: str
    start: date | None
    end: date | None  # its last day


@dataclass(frozen=True)
class PersonFile:
    """A person file as a sync keeps it (app.civic.sync.parsed_files): everything but the choice of
    seat and party, which depends on the day of the sync."""

    state: str
    id: str
    name: str
    last_name: str
    roles: tuple[Term, ...]  # the legislative ones
    parties: tuple[Term, ...]
    offices: tuple[OfficeContact, ...]
    image: str
    gender: Gender


def read_person(path: str, *, content: bytes) -> PersonFile:
    """A person file (`data/ma/legislature/X.yml`) parsed, its offices' numbers checked."""
    state = person_state(path)
    if state is None:
        raise ValueError(f"{path} is not a person file of a state legislature")
    person = load_yaml(content)
    person_id, name = str(person["id"]), str(person["name"])
    return PersonFile(
        state=state,
        id=person_id,
        name=name,
        last_name=str(person.get("family_name") or name.split()[-1]),
        roles=tuple(
            _term(str(role.get("type")), role, district=str(role.get("district", "")))
            for role in person.get("roles") or []
            if role.get("type") in LEGISLATIVE_ROLES
        ),
        parties=tuple(_term(str(party["name"]), party) for party in person.get("party") or []),
        offices=tuple(
            _office(person_id, index, office, state)
            for index, office in enumerate(person.get("offices") or [])
        ),
        image=_https_image(person.get("image")),
        gender=_GENDERS.get(str(person.get("gender") or "").strip().lower(), Gender.UNKNOWN),
    )


# The persons of the last syncs: a sync parses again only the files that changed.
PERSON_FILES_READ = ParsedFiles(read_person, limit=12_000)


def person_record(person: PersonFile, *, today: date) -> Representative | None:
    """The directory record of a sitting legislator, or None (no current seat, unknown district)."""
    role = _current_role(person.roles, today)
    if role is None:
        return None
    district = find_district(state=person.state, role_type=role.name, name=role.district)
    if district is None:
        return None
    return Representative(
        id=person.id,
        source=SOURCE,
        name=person.name,
        last_name=person.last_name,
        title=district.title,
        chamber=district.chamber,
        party=_current_party(person.parties, today),
        state=person.state,
        district=district.name,
        division_id=district.division_id,
        offices=person.offices,
        term_start=role.start,
        term_end=role.end,
        image=person.image,
        gender=person.gender,
    )


def vacancy_records(settings: dict[str, Any]) -> tuple[list[VacancyRecord], list[str]]:
    """Vacancies from `settings.yml` (state → {vacancies: [...]}) and the ones naming unknown districts."""
    found: list[VacancyRecord] = []
    unknown: list[str] = []
    for code, entry in sorted((settings or {}).items()):
        state = str(code).upper()
        for vacancy in (entry or {}).get("vacancies") or []:
            name = str(vacancy.get("district", ""))
            district = find_district(state=state, role_type=str(vacancy.get("chamber")), name=name)
            if district is None:
                unknown.append(f"{state} {vacancy.get('chamber')} {name}")
                continue
            found.append(_vacancy(district, vacancy.get("vacant_until")))
    return found, unknown


def _vacancy(district: LegislativeDistrict, until: object) -> VacancyRecord:
    return VacancyRecord(
        state=district.state,
        chamber=district.chamber,
        district=district.name,
        division_id=district.division_id,
        vacant_until=until if isinstance(until, date) else None,
    )


def _term(name: str, entry: dict[str, Any], *, district: str = "") -> Term:
    return Term(
        name=name,
        district=district,
        start=parse_term_date(entry.get("start_date")),
        end=parse_term_date(entry.get("end_date"), last=True),
    )


def _current_role(roles: tuple[Term, ...], today: date) -> Term | None:
    """The legislative role running today, else the next one to start; None when all have ended."""
    seats = [r for r in roles if _is_current(r, today)]
    running = [r for r in seats if (r.start or today) <= today]
    upcoming = sorted((r for r in seats if r not in running), key=lambda r: r.start or today)
    chosen = running[-1:] or upcoming[:1]
    return chosen[0] if chosen else None


def _current_party(parties: tuple[Term, ...], today: date) -> str:
    current = [p for p in parties if _is_current(p, today)]
    return (current or list(parties) or [Term(name="", district="", start=None, end=None)])[-1].name


def _is_current(term: Term, today: date) -> bool:
    return term.end is None or term.end >= today


def _office(person_id: str, index: int, office: dict[str, Any], state: str) -> OfficeContact:
    kind = "capitol" if office.get("classification") == "capitol" else "district"
    address = " ".join(str(office.get("address") or "").split())[:MAX_ADDRESS]
    found = _CITY_STATE_ZIP.search(address)
    city, office_state, zip_code = found.groups() if found else ("", state, "")
    return OfficeContact(
        id=f"{person_id}#{index}",
        kind=kind,
        address=address,
        city=city.strip(),
        state=office_state,
        zip=zip_code,
        phone=office_phone_or_none(str(office["voice"])) if office.get("voice") else None,
    )


def _https_image(image: object) -> str:
    """The portrait URL when it is a plain https URL that fits the column; else none."""
    url = str(image or "").strip()
    return url if url.startswith("https://") and len(url) <= 500 and " " not in url else ""
