"""Directory sync from the congress-legislators snapshot, on SQLite and PostgreSQL."""

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.civic.sync.datasets import sync_congress
from app.civic.sync.sources import FolderSource
from app.kernel.errors import DirectorySourceError
from app.models.directory import Office, Official
from app.storage.db import create_db_engine, session_scope
from app.storage.migrations import upgrade_database
from tests.support import DIRECTORY_DATA


def quiet(_message: str) -> None:
    """Progress goes nowhere in tests."""


def copy_source(tmp_path: Path) -> Path:
    folder = tmp_path / "directory" / "congress-legislators"
    folder.mkdir(parents=True)
    for name in ("legislators-current.json", "legislators-district-offices.json"):
        shutil.copyfile(DIRECTORY_DATA / "congress-legislators" / name, folder / name)
    return folder.parent


def test_sync_imports_every_member_with_offices(migrated_url: str) -> None:
    engine = create_db_engine(migrated_url)
    with session_scope(engine) as session:
        report = sync_congress(session, source=FolderSource(DIRECTORY_DATA), progress=quiet)
    assert report.total == len(
        json.loads((DIRECTORY_DATA / "congress-legislators/legislators-current.json").read_text())
    )
    assert len(report.joined) == report.total
    with Session(engine) as session:
        senators = session.exec(select(Official).where(Official.chamber == "us-senate")).all()
        assert len(senators) == 100
        warren = session.get(Official, "W000817")
        assert warren is not None
        assert warren.division_id == "ocd-division/country:us/state:ma"
        offices = session.exec(select(Office).where(Office.official_id == "W000817")).all()
        kinds = {o.kind for o in offices}
        assert kinds == {"district", "capitol"}
        assert all(o.phone is None or o.phone.startswith("+1") for o in offices)
    engine.dispose()


def test_resync_is_idempotent_and_reports_changes(migrated_url: str, tmp_path: Path) -> None:
    engine = create_db_engine(migrated_url)
    source = copy_source(tmp_path)
    with session_scope(engine) as session:
        sync_congress(session, source=FolderSource(source), progress=quiet)
    before = updated_at(engine)
    with session_scope(engine) as session:
        again = sync_congress(session, source=FolderSource(source), progress=quiet)
    assert (again.joined, again.left, again.changed) == ([], [], [])
    assert updated_at(engine) == before  # an unchanged official is not written again

    members_path = source / "congress-legislators" / "legislators-current.json"
    members = json.loads(members_path.read_text())
    leaving = next(m for m in members if m["id"]["bioguide"] == "P000617")
    members.remove(leaving)
    markey = next(m for m in members if m["id"]["bioguide"] == "M000133")
    markey["terms"][-1]["phone"] = "202-555-0143"
    warren = next(m for m in members if m["id"]["bioguide"] == "W000817")
    warren["name"]["official_full"] = "Elizabeth Ann Warren"
    members_path.write_text(json.dumps(members))

    with session_scope(engine) as session:
        report = sync_congress(session, source=FolderSource(source), progress=quiet)
    assert report.left == ["Representative Ayanna Pressley (MA-7)"]
    assert "Senator Edward J. Markey (MA): new phone +12025550143" in report.new_phone
    with Session(engine) as session:
        assert session.get(Official, "P000617") is None
        assert not session.exec(select(Office).where(col(Office.official_id) == "P000617")).all()
        markey_phones = session.exec(select(Office.phone).where(col(Office.official_id) == "M000133"))
        assert "+12025550143" in set(markey_phones)
        warren_now = session.get(Official, "W000817")
        assert warren_now is not None
        assert warren_now.name == "Elizabeth Ann Warren"
    after = updated_at(engine)
    assert after["W000817"] > before["W000817"]
    unchanged = {k: v for k, v in before.items() if k not in ("P000617", "W000817")}
    assert {k: v for k, v in after.items() if k != "W000817"} == unchanged  # a new phone is an office's
    engine.dispose()


def updated_at(engine: Engine) -> dict[str, datetime]:
    with Session(engine) as session:
        return dict(session.exec(select(Official.id, Official.updated_at)).all())


def test_a_missing_source_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "congress-legislators").mkdir()
    with pytest.raises(DirectorySourceError, match=r"legislators-current\.json is missing"):
        FolderSource(tmp_path).read_json("congress-legislators", name="legislators-current.json")


@pytest.mark.parametrize("upstream", ["+1 900 555 0100", "+44 20 7946 0000", "332-1148"])
def test_a_synced_office_number_follows_the_rule_for_numbers_we_dial(tmp_path: Path, upstream: str) -> None:
    """Issue 25 point 1: upstream data is not trusted more than staff; an office whose number we
    would never dial (premium-rate, foreign, no area code) is kept without a number."""
    source = copy_source(tmp_path)
    members_path = source / "congress-legislators" / "legislators-current.json"
    members = json.loads(members_path.read_text())
    markey = next(m for m in members if m["id"]["bioguide"] == "M000133")
    markey["terms"][-1]["phone"] = upstream
    members_path.write_text(json.dumps(members))
    url = f"sqlite:///{tmp_path / 'sync.db'}"
    upgrade_database(url)
    engine = create_db_engine(url)
    with session_scope(engine) as session:
        sync_congress(session, source=FolderSource(source), progress=quiet)
    with Session(engine) as session:
        capitol = session.get(Office, "M000133-capitol")
        assert capitol is not None
        assert capitol.phone is None
    engine.dispose()
