"""Syncing Open States people into the directory: shapes, idempotence and the change report."""

import shutil
from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from app.civic.sync.datasets import sync_state_legislators
from app.civic.sync.sources import FolderSource
from app.models.directory import Office, Official, Vacancy
from app.storage.db import create_db_engine, session_scope
from app.storage.versions import DIRECTORY, read_version
from tests.support import DIRECTORY_DATA, read_yaml, write_yaml

PEOPLE = DIRECTORY_DATA / "openstates-people"
TODAY = date(2026, 11, 23)
MADARO = "Adrian-Madaro-f8772f1e-29f7-42e2-8a8c-ab4005153b05.yml"  # MA 1st Suffolk, capitol phone only
VARGAS = "Andres-X-Vargas-c1f81bec-d032-4f41-940c-ca32f2b5af12.yml"
RYAN = "Daniel-J-Ryan-c0519476-08fc-44af-9114-c77d197f883d.yml"


def small_copy(root: Path, files: list[str]) -> Path:
    """A folder laid out like shared/data/directory with a few real MA people and the real settings."""
    folder = root / "openstates-people" / "data" / "ma" / "legislature"
    folder.mkdir(parents=True)
    for name in files:
        shutil.copy(PEOPLE / "data" / "ma" / "legislature" / name, folder / name)
    shutil.copy(PEOPLE / "settings.yml", root / "openstates-people" / "settings.yml")
    return root


def sync(url: str, root: Path) -> str:
    engine = create_db_engine(url)
    with session_scope(engine) as session:
        report = sync_state_legislators(
            session, source=FolderSource(root), progress=lambda _m: None, today=TODAY
        )
    engine.dispose()
    return report.summary()


def officials(url: str) -> dict[str, Official]:
    engine = create_db_engine(url)
    with Session(engine) as session:
        found = {o.name: o for o in session.exec(select(Official))}
    engine.dispose()
    return found


def test_resync_is_idempotent_and_reports_joined_left_moved_and_new_phone(
    migrated_url: str, tmp_path: Path
) -> None:
    root = small_copy(tmp_path, [MADARO, VARGAS, RYAN])
    first = sync(migrated_url, root)
    assert first.startswith("openstates: 3 officials; 3 joined, 0 left, 0 moved, 0 new phone, 0 changed")
    again = sync(migrated_url, root)
    assert again.startswith("openstates: 3 officials; 0 joined, 0 left, 0 moved, 0 new phone, 0 changed")

    person_file = root / "openstates-people" / "data" / "ma" / "legislature" / MADARO
    person = read_yaml(person_file)
    person["roles"][-1]["district"] = "2nd Suffolk"
    person["offices"].append(
        {"classification": "district", "address": "1 Main St, Boston, MA 02128", "voice": "617-555-0100"}
    )
    write_yaml(person_file, person)
    (person_file.parent / RYAN).unlink()

    report = sync(migrated_url, root)
    assert report.startswith("openstates: 2 officials; 0 joined, 1 left, 1 moved, 1 new phone, 0 changed")
    assert "  - Representative Danny Ryan (MA-2nd Suffolk)" in report
    assert "Representative Adrian Madaro (MA-2nd Suffolk): moved from MA-1st Suffolk" in report
    assert "Representative Adrian Madaro (MA-2nd Suffolk): new phone +16175550100" in report
    madaro = officials(migrated_url)["Adrian Madaro"]
    assert madaro.division_id == "ocd-division/country:us/state:ma/sldl:2nd_suffolk"
    assert set(officials(migrated_url)) == {"Adrian Madaro", "Andy Vargas"}


def test_state_legislators_are_keyed_by_division_with_offices_and_vacancies(
    migrated_url: str, tmp_path: Path
) -> None:
    sync(migrated_url, small_copy(tmp_path, [MADARO]))
    engine = create_db_engine(migrated_url)
    with Session(engine) as session:
        official = session.exec(select(Official)).one()
        offices = session.exec(select(Office).where(col(Office.official_id) == official.id)).all()
        vacancies = session.exec(select(Vacancy).where(Vacancy.state == "MA")).all()
    engine.dispose()
    assert (official.source, official.chamber, official.title) == (
        "openstates",
        "state-lower",
        "Representative",
    )
    assert official.division_id == "ocd-division/country:us/state:ma/sldl:1st_suffolk"
    assert official.party == "Democratic"
    assert [(o.kind, o.city, o.state, o.zip) for o in offices] == [("capitol", "Boston", "MA", "02133")]
    assert offices[0].phone is not None
    assert offices[0].phone.startswith("+1617722")
    assert {v.division_id for v in vacancies} == {
        "ocd-division/country:us/state:ma/sldl:1st_franklin",
        "ocd-division/country:us/state:ma/sldl:17th_middlesex",
    }


def test_filled_vacancies_are_a_change_and_an_unchanged_resync_is_none(
    migrated_url: str, tmp_path: Path
) -> None:
    root = small_copy(tmp_path, [MADARO])
    sync(migrated_url, root)
    before = directory_version(migrated_url)
    settings_file = root / "openstates-people" / "settings.yml"
    settings = read_yaml(settings_file)
    settings["ma"]["vacancies"] = []  # both MA seats filled; nothing else differs
    write_yaml(settings_file, settings)
    versions = []
    for _sync in range(3):
        sync(migrated_url, root)
        versions.append(directory_version(migrated_url))
    # The first resync writes the change; the next two find nothing to write, and no process is
    # told to rebuild its read model.
    assert versions == [before + 1] * 3
    engine = create_db_engine(migrated_url)
    with Session(engine) as session:
        assert session.exec(select(Vacancy).where(Vacancy.state == "MA")).all() == []
    engine.dispose()


def directory_version(url: str) -> int:
    engine = create_db_engine(url)
    with Session(engine) as session:
        version = read_version(session, kind=DIRECTORY)
    engine.dispose()
    return version
