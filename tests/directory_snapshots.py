"""Small directory snapshots in the real upstream formats, built from records of the shared files.

congress-legislators: `legislators-current.json` (people with `terms`) and
`legislators-district-offices.json` (offices keyed by `id.bioguide`); Open States people: one YAML
file per person in `data/<state>/legislature/` and `settings.yml` (vacancies).
"""

import copy
import json
import shutil
from functools import cache
from pathlib import Path
from typing import Any

from tests.support import DIRECTORY_DATA, read_yaml, write_yaml

CONGRESS = DIRECTORY_DATA / "congress-legislators"
PEOPLE = DIRECTORY_DATA / "openstates-people"
COMMITTEE_FILES = ("committees-current.yaml", "committee-membership-current.yaml")


@cache
def _members() -> dict[str, dict[str, Any]]:
    people = json.loads((CONGRESS / "legislators-current.json").read_text())
    return {p["id"]["bioguide"]: p for p in people}


@cache
def _offices() -> dict[str, dict[str, Any]]:
    entries = json.loads((CONGRESS / "legislators-district-offices.json").read_text())
    return {e["id"]["bioguide"]: e for e in entries}


def member(bioguide: str) -> dict[str, Any]:
    """A copy of a real member's record."""
    return copy.deepcopy(_members()[bioguide])


def member_elect(
    *, bioguide: str, first: str, last: str, like: str, start: str = "2027-01-03", end: str = "2029-01-03"
) -> dict[str, Any]:
    """A new member shaped like `like`'s record, holding the same seat from `start`."""
    person = member(like)
    seat = person["terms"][-1]
    person["id"] = {"bioguide": bioguide}
    person["name"] = {"first": first, "last": last, "official_full": f"{first} {last}"}
    person["terms"] = [{**seat, "start": start, "end": end, "phone": "202-225-0100"}]
    return person


def write_congress(folder: Path, members: list[dict[str, Any]]) -> Path:
    """`folder`/congress-legislators with these members and their real district offices."""
    target = folder / "congress-legislators"
    target.mkdir(parents=True, exist_ok=True)
    (target / "legislators-current.json").write_text(json.dumps(members))
    offices = [_offices()[m["id"]["bioguide"]] for m in members if m["id"]["bioguide"] in _offices()]
    (target / "legislators-district-offices.json").write_text(json.dumps(offices))
    return folder


def person_file(state: str, name: str) -> dict[str, Any]:
    """A real Open States person file of `state` whose file name starts with `name`."""
    folder = DIRECTORY_DATA / "openstates-people" / "data" / state / "legislature"
    path = next(folder.glob(f"{name}*.yml"))
    loaded: dict[str, Any] = read_yaml(path)
    return loaded


def write_people(folder: Path, people: dict[str, list[dict[str, Any]]], settings: dict[str, Any]) -> Path:
    """`folder`/openstates-people with these people per state and this settings.yml."""
    root = folder / "openstates-people"
    for state, persons in people.items():
        target = root / "data" / state / "legislature"
        target.mkdir(parents=True, exist_ok=True)
        for person in persons:
            slug = person["name"].replace(" ", "-")
            write_yaml(target / f"{slug}-{person['id'].rsplit('/', 1)[-1]}.yml", person)
    write_yaml(root / "settings.yml", settings)
    return folder


def write_zips(folder: Path, congress_rows: list[str], legislative: dict[str, Any] | None = None) -> Path:
    """`folder`/zip: the ZCTA → district CSV (rows "01,AL,30165,3") and the state legislative JSON."""
    target = folder / "zip"
    target.mkdir(parents=True, exist_ok=True)
    header = "state_fips,state_abbr,zcta,cd"
    (target / "zccd_cd119.csv").write_text("\n".join([header, *congress_rows]) + "\n")
    table = legislative or {"states": {}, "metadata": {}}
    (target / "state-leg-zips_districts_sld2024.json").write_text(json.dumps(table))
    return folder


def write_snapshot(folder: Path, members: list[dict[str, Any]], zip_rows: list[str] | None = None) -> Path:
    """A whole directory snapshot: these members, two MA state legislators, a small ZIP table."""
    write_congress(folder, members)
    people = {"ma": [person_file("ma", "Aaron-Michlewitz"), person_file("ma", "Adam-Gomez")]}
    write_people(folder, people, {"ma": {"vacancies": []}})
    rows = zip_rows if zip_rows is not None else ["48,TX,78701,37", "48,TX,78702,35", "39,OH,43002,12"]
    return write_zips(folder, rows)


def write_committees(folder: Path, *, states: tuple[str, ...] = ("ma",)) -> Path:
    """`folder` with the real committees of Congress and of `states` (Open States), nothing else."""
    congress = folder / "congress-legislators"
    congress.mkdir(parents=True, exist_ok=True)
    for name in COMMITTEE_FILES:
        shutil.copyfile(CONGRESS / name, congress / name)
    for state in states:
        target = folder / "openstates-people" / "data" / state / "committees"
        shutil.copytree(PEOPLE / "data" / state / "committees", target, dirs_exist_ok=True)
    return folder


def snapshot_as_prepared(folder: Path) -> Path:
    """`folder` holding what the test database was synced from (tests/conftest.py): the shared
    snapshot's members of Congress, ZIP tables and state legislators, and the committees of Congress
    and Massachusetts only (as `write_committees` gives)."""
    for dataset in ("congress-legislators", "zip"):
        (folder / dataset).symlink_to(DIRECTORY_DATA / dataset, target_is_directory=True)
    people = folder / "openstates-people"
    for legislature in sorted((PEOPLE / "data").glob("*/legislature")):
        shutil.copytree(legislature, people / "data" / legislature.parent.name / "legislature")
    shutil.copytree(PEOPLE / "data" / "ma" / "committees", people / "data" / "ma" / "committees")
    shutil.copyfile(PEOPLE / "settings.yml", people / "settings.yml")
    return folder
