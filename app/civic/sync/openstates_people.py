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


def person_record(person: dict[str, Any], *, state: str, today: date) -> Representative | None:
    """The directory record of a sitting legislator, or None (no current seat, unknown district)."""
    role = _current_role(person.get("roles") or [], today)
    if role is None:
        return None
    district = find_district(state=state, role_type=role["type"], name=str(role.get("district", "")))
    if district is None:
        return None
    person_id = str(person["id"])
    name = str(person["name"])
    return Representative(
        id=person_id,
        source=SOURCE,
        name=name,
        last_name=str(person.get("family_name") or name.split()[-1]),
        title=district.title,
        chamber=district.chamber,
        party=_current_party(person.get("party") or [], today),
        state=state,
        district=district.name,
        division_id=district.division_id,
        offices=tuple(
            _office(person_id, index, office, state)
            for index, office in enumerate(person.get("offices") or [])
        ),
        term_start=parse_term_date(role.get("start_date")),
        term_end=parse_term_date(role.get("end_date"), last=True),
        image=_https_image(person.get("image")),
        gender=_GENDERS.get(str(person.get("gender") or "").strip().lower(), Gender.UNKNOWN),
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


def _current_role(roles: list[dict[str, Any]], today: date) -> dict[str, Any] | None:
    """The legislative role running today, else the next one to start; None when all have ended."""
    seats = [r for r in roles if r.get("type") in LEGISLATIVE_ROLES and _is_current(r, today)]
    running = [r for r in seats if (parse_term_date(r.get("start_date")) or today) <= today]
    upcoming = sorted(
        (r for r in seats if r not in running), key=lambda r: parse_term_date(r.get("start_date")) or today
    )
    chosen = running[-1:] or upcoming[:1]
    return dict(chosen[0]) if chosen else None


def _current_party(parties: list[dict[str, Any]], today: date) -> str:
    current = [p for p in parties if _is_current(p, today)]
    return str((current or parties or [{"name": ""}])[-1]["name"])


def _is_current(entry: dict[str, Any], today: date) -> bool:
    end = parse_term_date(entry.get("end_date"), last=True)
    return end is None or end >= today


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
