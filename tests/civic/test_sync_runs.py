"""Safe syncs: one transaction, refused when a chamber would shrink too much, recorded every time."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from app.civic.directory.corrections import set_override
from app.civic.directory.view import load_directory_view
from app.civic.geography.divisions import state_division
from app.civic.sync.runs import SyncRequest, count_lines, run_directory_sync, sync_history
from app.civic.sync.sources import FolderSource
from app.kernel.errors import DirectorySourceError, DirectorySyncRefusedError
from app.models.directory import OfficeOverride, Official
from app.storage.db import create_db_engine, session_scope
from tests.directory_snapshots import member, member_elect, write_snapshot

SENATORS = ["C001098", "C001056", "M001242", "H001104"]  # TX and OH
HOUSE = ["C001131", "M001224", "L000601"]  # TX-35, TX-1, OH-1
MANUAL = SyncRequest(trigger="manual", actor="cli:tester", max_removed_share=0.5)


def quiet(_message: str) -> None:
    """Progress goes nowhere in tests."""


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    """A migrated, empty database on each backend (SQLite, then PostgreSQL)."""
    engine = create_db_engine(migrated_url)
    yield engine
    engine.dispose()


def sync(engine: Engine, folder: Path, request: SyncRequest = MANUAL) -> list[str]:
    return [
        r.summary()
        for r in run_directory_sync(engine, source=FolderSource(folder), request=request, progress=quiet)
    ]


def officials(engine: Engine) -> set[str]:
    with Session(engine) as session:
        return set(session.exec(select(Official.id)))


def test_a_first_sync_is_recorded_with_its_counts_the_zip_report_and_the_congress(
    engine: Engine, tmp_path: Path
) -> None:
    summaries = sync(engine, write_snapshot(tmp_path / "a", [member(m) for m in SENATORS + HOUSE]))
    assert summaries[0].startswith("congress-legislators: 7 officials; 7 joined, 0 left")
    assert summaries[2].startswith("zip-districts: 3 ZIP-district pairs; 3 joined, 0 left")
    with Session(engine) as session:
        [run] = sync_history(session)
    assert (run.status, run.trigger, run.actor, run.congress) == ("ok", "manual", "cli:tester", 119)
    assert run.finished_at is not None
    assert count_lines(run)[0] == "congress-legislators: 7 officials; 7 joined"
    assert run.reports[2]["joined"] == [
        "43002 ocd-division/country:us/state:oh/cd:12",
        "78701 ocd-division/country:us/state:tx/cd:37",
        "78702 ocd-division/country:us/state:tx/cd:35",
    ]


def test_a_resync_reports_who_joined_left_moved_and_has_a_new_phone(engine: Engine, tmp_path: Path) -> None:
    sync(engine, write_snapshot(tmp_path / "a", [member(m) for m in SENATORS + HOUSE]))
    moved = member("M001224")
    moved["terms"][-1]["district"] = 2
    rephoned = member("C001098")
    rephoned["terms"][-1]["phone"] = "202-224-0199"
    elect = member_elect(bioguide="Z000120", first="Alex", last="Newmember", like="C001131")
    members = [member(m) for m in SENATORS if m != "C001098"] + [rephoned, moved, member("L000601"), elect]
    sync(engine, write_snapshot(tmp_path / "b", members))
    with Session(engine) as session:
        report = sync_history(session)[0].reports[0]
    assert report["joined"] == ["Representative Alex Newmember (TX-35)"]
    assert report["left"] == ["Representative Greg Casar (TX-35)"]
    assert report["moved"] == ["Representative Nathaniel Moran (TX-2): moved from TX-1"]
    assert report["new_phone"] == ["Senator Ted Cruz (TX): new phone +12022240199"]


def test_a_truncated_file_is_refused_unless_forced_and_the_refusal_is_recorded(
    engine: Engine, tmp_path: Path
) -> None:
    sync(engine, write_snapshot(tmp_path / "a", [member(m) for m in SENATORS + HOUSE]))
    before = officials(engine)
    truncated = write_snapshot(tmp_path / "b", [member(m) for m in ["C001098", *HOUSE]])
    with pytest.raises(DirectorySyncRefusedError) as refused:
        sync(engine, truncated)
    assert "us-senate: 3 of 4" in refused.value.message
    assert "switchboard directory sync --force" in refused.value.message
    assert officials(engine) == before
    sync(engine, truncated, SyncRequest(trigger="manual", actor="x", max_removed_share=0.5, force=True))
    assert "H001104" not in officials(engine)
    with Session(engine) as session:
        assert [r.status for r in sync_history(session)] == ["ok", "refused", "ok"]


def test_a_truncated_zip_table_is_refused_too(engine: Engine, tmp_path: Path) -> None:
    members = [member(m) for m in SENATORS + HOUSE]
    sync(engine, write_snapshot(tmp_path / "a", members))
    with pytest.raises(DirectorySyncRefusedError, match="ZIP table: 2 of 3"):
        sync(engine, write_snapshot(tmp_path / "b", members, zip_rows=["48,TX,78701,37"]))


def test_a_sync_is_one_transaction(engine: Engine, tmp_path: Path) -> None:
    sync(engine, write_snapshot(tmp_path / "a", [member(m) for m in SENATORS + HOUSE]))
    broken = write_snapshot(tmp_path / "b", [member(m) for m in SENATORS + HOUSE[:2]])
    shutil.rmtree(broken / "openstates-people")
    with pytest.raises(DirectorySourceError):
        sync(engine, broken)
    assert "L000601" in officials(engine), "the Congress part was rolled back with the rest"
    with Session(engine) as session:
        failed = sync_history(session)[0]
    assert failed.status == "failed"
    assert "is missing" in failed.message


def test_corrections_survive_a_resync_and_are_flagged_when_the_upstream_changes(
    engine: Engine, tmp_path: Path
) -> None:
    sync(engine, write_snapshot(tmp_path / "a", [member(m) for m in SENATORS + HOUSE]))
    with session_scope(engine) as session:
        set_override(
            session, office_id="C001098-capitol", phone="202-555-0100", hide=False, note="moved", by="staff@x"
        )
        set_override(session, office_id="M001242-capitol", phone=None, hide=True, note="closed", by="staff@x")
    sync(engine, write_snapshot(tmp_path / "b", [member(m) for m in SENATORS + HOUSE]))
    with Session(engine) as session:
        [cruz, moreno] = [
            r
            for r in load_directory_view(session).representatives_for(
                division_ids=[state_division(s) for s in ("TX", "OH")], chambers=["us-senate"]
            )
            if r.id in {"C001098", "M001242"}
        ]
        assert [o.phone for o in cruz.offices if o.kind == "capitol"] == ["+12025550100"]
        assert [o for o in moreno.offices if o.kind == "capitol"] == []
        assert (
            session.exec(
                select(func.count())
                .select_from(OfficeOverride)
                .where(col(OfficeOverride.upstream_changed_at).is_not(None))
            ).one()
            == 0
        )
    fixed = member("C001098")
    fixed["terms"][-1]["phone"] = "202-224-0100"
    sync(engine, write_snapshot(tmp_path / "c", [fixed, *(member(m) for m in SENATORS[1:] + HOUSE)]))
    with Session(engine) as session:
        override = session.get(OfficeOverride, "C001098-capitol")
        assert override is not None
        assert override.upstream_now == "+12022240100"
        assert override.phone == "+12025550100", "the correction stays until staff drop it"
        report = sync_history(session)[0].reports[4]  # after the datasets' reports (committees last)
    assert report["changed"] == [
        "C001098-capitol: the upstream now lists +12022240100 (check the correction)"
    ]
