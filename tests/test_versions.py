"""Data versions: syncs and campaign saves bump them; readers follow within their check period."""

import threading

from sqlalchemy import Engine, delete, event
from sqlmodel import Session, col, select

from app.campaigns.editing import set_campaign_status
from app.campaigns.store import list_campaigns
from app.civic.sync.sources import FolderSource
from app.civic.sync.zip_tables import sync_zip_districts
from app.models.directory import ZipDivision
from app.storage.db import create_db_engine, session_scope
from app.storage.versions import CAMPAIGNS, DIRECTORY, ReadModel, VersionWatch, read_version
from tests.support import DIRECTORY_DATA


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def live_campaign_slugs(engine: Engine, *, clock: FakeClock) -> tuple[VersionWatch, ReadModel[list[str]]]:
    """The slugs of the stored campaigns as a read model, checked every 3 s of `clock`."""
    watch = VersionWatch(engine, kind=CAMPAIGNS, check_every=3.0, clock=clock)
    return watch, ReadModel(watch, build=lambda session: [c.slug for c in list_campaigns(session)])


def test_campaign_save_bumps_campaigns_and_a_reader_follows_after_its_period(database_url: str) -> None:
    engine = create_db_engine(database_url)
    clock = FakeClock()
    _watch, live = live_campaign_slugs(engine, clock=clock)
    before = live.get()
    assert "grace-no-ban" in before
    assert live.get() is before  # no rebuild while nothing changed

    with session_scope(engine) as session:
        set_campaign_status(session, slug="grace-no-ban", status="paused")

    clock.now = 2.0
    assert live.get() is before  # within the check period the process keeps what it has
    clock.now = 3.5
    assert "grace-no-ban" not in live.get()
    engine.dispose()


def test_a_directory_sync_that_changes_something_bumps_directory_only(database_url: str) -> None:
    engine = create_db_engine(database_url)
    with Session(engine) as session:
        directory, campaigns = read_version(session, kind=DIRECTORY), read_version(session, kind=CAMPAIGNS)
    with session_scope(engine) as session:
        session.execute(delete(ZipDivision).where(col(ZipDivision.zip) == "05401"))
    for _sync in range(2):  # the second finds nothing to change
        with session_scope(engine) as session:
            sync_zip_districts(session, source=FolderSource(DIRECTORY_DATA), progress=lambda _m: None)
    with Session(engine) as session:
        assert read_version(session, kind=DIRECTORY) == directory + 1
        assert read_version(session, kind=CAMPAIGNS) == campaigns
        assert session.exec(select(ZipDivision).where(col(ZipDivision.zip) == "05401")).first()
    engine.dispose()


def test_a_failed_save_leaves_the_version_alone(database_url: str) -> None:
    engine = create_db_engine(database_url)
    with Session(engine) as session:
        before = read_version(session, kind=CAMPAIGNS)
    try:
        with session_scope(engine) as session:
            set_campaign_status(session, slug="grace-no-ban", status="paused")
            raise RuntimeError("the request failed after saving")
    except RuntimeError:
        pass
    with Session(engine) as session:
        assert read_version(session, kind=CAMPAIGNS) == before
    engine.dispose()


def test_in_memory_answers_without_the_database_until_a_check_is_due(database_url: str) -> None:
    engine = create_db_engine(database_url)
    clock = FakeClock()
    _watch, live = live_campaign_slugs(engine, clock=clock)
    assert live.in_memory() is None  # nothing built yet: the caller must go to the database
    built = live.get()
    assert live.in_memory() is built

    checkouts: list[object] = []
    event.listen(engine, "checkout", lambda *args: checkouts.append(args))
    clock.now = 2.9
    assert live.in_memory() is built
    clock.now = 3.1
    assert live.in_memory() is None  # a version check is due: not answered from memory
    assert checkouts == []  # neither answer touched the database
    engine.dispose()


def test_in_memory_is_none_after_a_version_moves_until_the_rebuild(database_url: str) -> None:
    engine = create_db_engine(database_url)
    clock = FakeClock()
    watch, live = live_campaign_slugs(engine, clock=clock)
    before = live.get()
    with session_scope(engine) as session:
        set_campaign_status(session, slug="grace-no-ban", status="paused")
    clock.now = 3.5
    assert watch.current() > 0  # the check sees the new version; the model is not rebuilt yet
    assert live.in_memory() is None
    after = live.get()
    assert after is not before
    assert "grace-no-ban" not in after
    assert live.in_memory() is after
    engine.dispose()


def test_one_reader_checks_a_due_version_while_the_others_keep_what_is_in_memory(database_url: str) -> None:
    engine = create_db_engine(database_url)
    clock = FakeClock()
    watch, live = live_campaign_slugs(engine, clock=clock)
    built = live.get()
    clock.now = 3.5
    assert live.in_memory() is None  # the first reader to find the check due is to make it
    assert live.in_memory() is built  # the others meanwhile answer from memory
    clock.now = 6.6
    assert live.in_memory() is None  # a check claimed but never made lapses
    watch.current()
    assert live.in_memory() is built
    engine.dispose()


def test_requests_during_a_version_check_keep_what_is_in_memory(database_url: str) -> None:
    """One caller checks (in a worker thread); others meanwhile answer from memory, not queue behind it."""
    engine = create_db_engine(database_url)
    clock = FakeClock()
    watch, live = live_campaign_slugs(engine, clock=clock)
    built = live.get()
    clock.now = 3.5
    reading, release = threading.Event(), threading.Event()

    def hold(*_args: object) -> None:
        reading.set()
        release.wait(timeout=30)

    event.listen(engine, "before_cursor_execute", hold)
    checker = threading.Thread(target=watch.current)
    checker.start()
    assert reading.wait(timeout=30)
    assert live.in_memory() is built  # the check is under way: no second one
    release.set()
    checker.join()
    event.remove(engine, "before_cursor_execute", hold)
    assert live.in_memory() is built  # checked: nothing changed
    engine.dispose()


def test_requests_during_a_rebuild_keep_the_value_it_replaces(database_url: str) -> None:
    engine = create_db_engine(database_url)
    clock = FakeClock()
    building, release = threading.Event(), threading.Event()
    slow_builds = False

    def build(session: Session) -> list[str]:
        if slow_builds:
            building.set()
            release.wait(timeout=30)
        return [c.slug for c in list_campaigns(session)]

    watch = VersionWatch(engine, kind=CAMPAIGNS, check_every=3.0, clock=clock)
    live = ReadModel(watch, build=build)
    before = live.get()
    with session_scope(engine) as session:
        set_campaign_status(session, slug="grace-no-ban", status="paused")
    clock.now = 3.5
    slow_builds = True
    rebuilder = threading.Thread(target=live.get)
    rebuilder.start()
    assert building.wait(timeout=30)
    assert live.in_memory() is before
    release.set()
    rebuilder.join()
    after = live.in_memory()
    assert after is not None
    assert "grace-no-ban" not in after
    engine.dispose()
