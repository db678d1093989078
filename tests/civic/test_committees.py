"""Committees in the directory: synced from the congress-legislators and Open States snapshots,
compared on resync, kept when a copy lacks them, corrected by staff across syncs."""

from pathlib import Path

import httpx
import respx
from sqlmodel import Session, select

from app.civic.directory.committee_corrections import set_committee_override
from app.civic.directory.committees import CommitteeRole, load_committees
from app.civic.sync.committee_sync import flag_committee_overrides, sync_committees
from app.civic.sync.datasets import sync_congress
from app.civic.sync.sources import FolderSource, OfficialSource
from app.models.committees import Committee, CommitteeMember
from app.settings import Settings
from app.storage.db import create_db_engine, session_scope
from app.storage.migrations import upgrade_database
from app.storage.versions import DIRECTORY, read_version
from tests.civic.test_directory_sources import PEOPLE, archive_of
from tests.directory_snapshots import write_committees
from tests.support import DIRECTORY_DATA, read_yaml, write_yaml

JUDICIARY = "SSJU"
GRASSLEY, DURBIN, WELCH = "G000386", "D000563", "W000800"
MA_JUDICIARY = "ocd-organization/ca15c77d-6199-4761-9cc2-6f202b7e1ca4"


def quiet(_message: str) -> None:
    """Progress goes nowhere in tests."""


def synced(url: str, folder: Path) -> None:
    upgrade_database(url)
    engine = create_db_engine(url)
    with session_scope(engine) as session:
        sync_committees(session, source=FolderSource(folder), progress=quiet)
    engine.dispose()


def test_the_senate_judiciary_committee_and_a_massachusetts_committee_are_synced(
    any_database_url: str, tmp_path: Path
) -> None:
    synced(any_database_url, write_committees(tmp_path))
    engine = create_db_engine(any_database_url)
    with Session(engine) as session:
        committees = load_committees(session)
        massachusetts = session.exec(select(Committee).where(Committee.state == "MA")).all()
    engine.dispose()
    judiciary = committees[JUDICIARY]
    assert judiciary.name == "Senate Committee on the Judiciary"
    assert judiciary.chamber == "us-senate"
    assert len(judiciary.seats) == 22
    assert [(s.official_id, s.role) for s in judiciary.seats[:2]] == [
        (GRASSLEY, CommitteeRole.CHAIR),
        (DURBIN, CommitteeRole.RANKING_MEMBER),
    ]
    subcommittee = committees["SSJU21"]
    assert subcommittee.parent_id == JUDICIARY
    assert subcommittee.name == "Subcommittee on the Constitution, Senate Committee on the Judiciary"
    assert len(massachusetts) > 20
    joint = next(c for c in massachusetts if c.name == "Joint Judiciary Committee")
    assert joint.chamber is None
    seats = committees[joint.id].seats
    assert [s.role for s in seats[:2]] == [CommitteeRole.CHAIR, CommitteeRole.CHAIR]
    assert committees[joint.id].chambers == ("state-upper", "state-lower")


def test_a_resync_writes_nothing_and_a_changed_seat_is_reported(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'committees.db'}"
    folder = write_committees(tmp_path / "copy")
    synced(url, folder)
    engine = create_db_engine(url)
    with session_scope(engine) as session:
        before = read_version(session, kind=DIRECTORY)
        again = sync_committees(session, source=FolderSource(folder), progress=quiet)
    with Session(engine) as session:
        assert read_version(session, kind=DIRECTORY) == before
    assert again.counts() == dict.fromkeys(again.counts(), 0) | {"skipped": 0}
    membership_file = folder / "congress-legislators" / "committee-membership-current.yaml"
    membership = read_yaml(membership_file)
    membership[JUDICIARY] = [m for m in membership[JUDICIARY] if m["bioguide"] != WELCH]
    membership[JUDICIARY][0]["title"] = "Ranking Member"  # Grassley, for the test's sake
    write_yaml(membership_file, membership)
    with session_scope(engine) as session:
        changed = sync_committees(session, source=FolderSource(folder), progress=quiet)
    with Session(engine) as session:
        welch = session.get(CommitteeMember, (JUDICIARY, WELCH))
        grassley = session.get(CommitteeMember, (JUDICIARY, GRASSLEY))
    engine.dispose()
    assert welch is None
    assert grassley is not None
    assert grassley.role == "ranking-member"
    assert changed.changed == [
        "Senate Committee on the Judiciary: Chuck Grassley chair → ranking-member",
        "Senate Committee on the Judiciary: - Peter Welch",
    ]


def test_a_copy_without_committee_files_keeps_the_committees(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'committees.db'}"
    synced(url, write_committees(tmp_path / "copy"))
    empty = tmp_path / "no-committees"
    (empty / "openstates-people").mkdir(parents=True)
    engine = create_db_engine(url)
    with session_scope(engine) as session:
        report = sync_committees(session, source=FolderSource(empty), progress=quiet)
    with Session(engine) as session:
        assert session.get(Committee, JUDICIARY) is not None
        assert session.get(Committee, MA_JUDICIARY) is not None
    engine.dispose()
    assert report.left == []
    assert report.skipped[0].startswith("committees of Congress kept as they were")


def test_a_staff_correction_survives_a_sync_and_is_flagged_when_the_source_changes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'committees.db'}"
    folder = write_committees(tmp_path / "copy")
    synced(url, folder)
    engine = create_db_engine(url)
    with session_scope(engine) as session:
        sync_congress(session, source=FolderSource(DIRECTORY_DATA), progress=quiet)  # the officials
        set_committee_override(
            session,
            committee_id=JUDICIARY,
            official_id=WELCH,
            role="vice-chair",
            note="press release",
            by="t",
        )
        sync_committees(session, source=FolderSource(folder), progress=quiet)
        assert flag_committee_overrides(session).changed == []
    with Session(engine) as session:
        seat = load_committees(session)[JUDICIARY].seat_of(WELCH)
    assert seat is not None
    assert seat.role == CommitteeRole.VICE_CHAIR
    membership_file = folder / "congress-legislators" / "committee-membership-current.yaml"
    membership = read_yaml(membership_file)
    membership[JUDICIARY] = [m for m in membership[JUDICIARY] if m["bioguide"] != WELCH]
    write_yaml(membership_file, membership)
    with session_scope(engine) as session:
        sync_committees(session, source=FolderSource(folder), progress=quiet)
        flagged = flag_committee_overrides(session)
    with Session(engine) as session:
        seat = load_committees(session)[JUDICIARY].seat_of(WELCH)
    engine.dispose()
    assert flagged.changed == [
        f"{JUDICIARY} {WELCH}: the source no longer lists this seat (check the correction)"
    ]
    assert seat is not None
    assert seat.role == CommitteeRole.VICE_CHAIR


def test_committees_sync_from_the_published_urls(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'committees.db'}"
    upgrade_database(url)
    congress = DIRECTORY_DATA / "congress-legislators"
    base = Settings(_env_file=None, database_url=url).congress_legislators_url.rstrip("/")
    archive_url = "https://example.org/people.zip"
    vermont = sorted((PEOPLE / "data" / "vt" / "committees").glob("*.yml"))
    engine = create_db_engine(url)
    with respx.mock() as router, httpx.Client() as http, session_scope(engine) as session:
        for name in ("committees-current.yaml", "committee-membership-current.yaml"):
            router.get(f"{base}/{name}").respond(content=(congress / name).read_bytes())
        router.get(archive_url).respond(content=archive_of(vermont))
        urls = {
            f"congress-legislators/{n}": f"{base}/{n}"
            for n in ("committees-current.yaml", "committee-membership-current.yaml")
        }
        source = OfficialSource(http, urls={**urls, "openstates-people": archive_url})
        report = sync_committees(session, source=source, progress=quiet)
    with Session(engine) as session:
        states = {c.state for c in session.exec(select(Committee))}
    engine.dispose()
    assert states == {"", "VT"}
    assert report.total == len(report.joined) > len(vermont)
