"""Shared fixtures: real SQLite files (and PostgreSQL when available), migrated and synced."""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import respx
from fastapi.testclient import TestClient
from playwright.sync_api import Browser
from redis import Redis

from app.campaigns.store import load_campaign_dir
from app.civic.directory.view import DirectoryView
from app.civic.sync.committee_sync import sync_committees
from app.civic.sync.datasets import sync_congress, sync_state_legislators
from app.civic.sync.sources import FolderSource
from app.civic.sync.zip_tables import sync_zip_districts
from app.runtime.read_models import ReadModels
from app.settings import Settings
from app.storage.db import create_db_engine, session_scope
from app.storage.migrations import upgrade_database
from tests.directory_snapshots import write_committees
from tests.file_order import (  # noqa: F401 (hooks: the longest test files are handed out first)
    pytest_collection_modifyitems,
    pytest_runtest_logreport,
    pytest_sessionfinish,
)
from tests.live import chromium, shows_copies
from tests.support import (
    DIRECTORY_DATA,
    POSTGRES_URL,
    PROJECT,
    REDIS_URL,
    TEST_PASSWORD_COST,
    AppFor,
    add_accounts,
    app_settings,
    app_starting_from,
    copy_rows,
    postgres_copy_of,
    postgres_database,
    recorded_census,
)

IN_CI = os.environ.get("CI") == "true"
# Tests change campaigns and the directory and look at once: each process re-reads their versions
# on every request (tests of the periodic check set their own period).
os.environ.setdefault("SWITCHBOARD_READ_MODEL_CHECK_SECONDS", "0")
for name, value in TEST_PASSWORD_COST.items():
    os.environ.setdefault(name, value)
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not POSTGRES_URL and not IN_CI, reason="set SWITCHBOARD_TEST_POSTGRES_URL (./run test does)"
        ),
    ),
]


def prepare_database(url: str) -> None:
    """Migrate, sync the directory from the shared snapshot and load the shipped campaigns."""
    upgrade_database(url)
    engine = create_db_engine(url)
    with session_scope(engine) as session:
        sync_congress(session, source=FolderSource(DIRECTORY_DATA), progress=lambda _msg: None)
        sync_state_legislators(session, source=FolderSource(DIRECTORY_DATA), progress=lambda _msg: None)
        sync_zip_districts(session, source=FolderSource(DIRECTORY_DATA), progress=lambda _msg: None)
        with tempfile.TemporaryDirectory() as folder:
            committees = FolderSource(write_committees(Path(folder)))
            sync_committees(session, source=committees, progress=lambda _msg: None)
        load_campaign_dir(session, directory=PROJECT / "campaigns")
    engine.dispose()


@pytest.fixture(scope="session")
def prepared_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "switchboard.db"
    prepare_database(f"sqlite:///{path}")
    return path


def prepare_database_like(template_url: str, url: str) -> None:
    """Migrate `url` and copy into it every row of a prepared database: the same directory and
    campaigns as `prepare_database` gives, in seconds rather than the sync's 15 or so."""
    upgrade_database(url)
    copy_rows(template_url, url)


@pytest.fixture(scope="session")
def prepared_postgres(prepared_sqlite: Path, migrated_postgres: str) -> Iterator[str]:
    """A migrated, synced PostgreSQL database of this worker's, which tests copy (`synced_url`):
    a copy of the migrated one given every row of the SQLite template."""
    with postgres_copy_of(migrated_postgres) as url:
        copy_rows(f"sqlite:///{prepared_sqlite}", url)
        yield url


@pytest.fixture(params=BACKENDS)
def synced_url(request: pytest.FixtureRequest, prepared_sqlite: Path, tmp_path: Path) -> Iterator[str]:
    """A migrated, synced database with the shipped campaigns of this test's own, on each backend."""
    with copy_of_template(
        request, sqlite=prepared_sqlite, postgres="prepared_postgres", folder=tmp_path
    ) as url:
        yield url


@contextmanager
def copy_of_template(
    request: pytest.FixtureRequest, *, sqlite: Path, postgres: str, folder: Path
) -> Iterator[str]:
    """A copy of a template database, on the backend of `request.param`: the SQLite file `sqlite`
    copied into `folder`, or the PostgreSQL database of the fixture named `postgres` (by TEMPLATE)."""
    if request.param == "sqlite":
        path = folder / f"copy-of-{sqlite.name}"
        shutil.copyfile(sqlite, path)
        yield f"sqlite:///{path}"
        return
    with postgres_copy_of(request.getfixturevalue(postgres)) as url:
        yield url


@pytest.fixture(scope="session")
def warm_read_models(prepared_sqlite: Path) -> ReadModels:
    """The directory and campaigns read models, built once per worker from the template database.

    Building the directory costs about a second (several under two xdist workers); each test's
    app starts from these instead (`app_for`). That is correct because each test's database is a
    copy of the template: a read model is kept only while the test's database is at the version it
    was built at, and rebuilt from the test's own database once a sync or a campaign save moves it.
    """
    engine = create_db_engine(f"sqlite:///{prepared_sqlite}")
    read_models = ReadModels(engine, check_every=0)
    read_models.warm()
    engine.dispose()
    return read_models


@pytest.fixture(scope="session")
def directory(warm_read_models: ReadModels) -> DirectoryView:
    """The directory view of the template database, which each test's `database_url` copies."""
    return warm_read_models.directory()


@pytest.fixture
def app_for(warm_read_models: ReadModels) -> AppFor:
    """`create_app(settings)` for settings on this test's copy of the template (`database_url`),
    starting from this worker's warm read models (`app_starting_from`)."""
    return app_starting_from(warm_read_models)


@pytest.fixture
def database_url(prepared_sqlite: Path, tmp_path: Path) -> str:
    """A migrated, synced SQLite file of this test's own."""
    path = tmp_path / "switchboard.db"
    shutil.copyfile(prepared_sqlite, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite file at the latest migration, made once per worker (tests copy it)."""
    path = tmp_path_factory.mktemp("migrated") / "empty.db"
    upgrade_database(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def migrated_postgres() -> Iterator[str]:
    """An empty PostgreSQL database at the latest migration, made once per worker (tests copy it)."""
    if not POSTGRES_URL:
        if IN_CI:
            pytest.fail("CI must provide SWITCHBOARD_TEST_POSTGRES_URL")
        pytest.skip("set SWITCHBOARD_TEST_POSTGRES_URL (./run test does)")
    with postgres_database() as url:
        upgrade_database(url)
        yield url


@pytest.fixture(params=BACKENDS)
def migrated_url(request: pytest.FixtureRequest, migrated_sqlite: Path, tmp_path: Path) -> Iterator[str]:
    """An empty database at the latest migration on each backend, this test's own: a copy of one
    migrated once per worker (running the 28 migrations took about a second a test, a seventh of
    the time of the tests that start from an empty database)."""
    with copy_of_template(
        request, sqlite=migrated_sqlite, postgres="migrated_postgres", folder=tmp_path
    ) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def any_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each backend: a SQLite file, then a real PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    assert POSTGRES_URL, "CI must provide SWITCHBOARD_TEST_POSTGRES_URL"
    with postgres_database() as url:
        yield url


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A real Redis server (./run test starts one), emptied before and after the test."""
    if not REDIS_URL:
        if IN_CI:
            pytest.fail("CI must provide SWITCHBOARD_TEST_REDIS_URL")
        pytest.skip("set SWITCHBOARD_TEST_REDIS_URL (./run test does)")
    # A database of its own for each pytest-xdist worker (gw0 → 1, gw1 → 2, …; alone → 0), so one
    # worker's flush never empties what another's test is using.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    database = int(worker.removeprefix("gw")) + 1 if worker else 0
    url = f"{REDIS_URL.rsplit('/', 1)[0]}/{database}"
    client = Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return app_settings(database_url)


@pytest.fixture
def census() -> Iterator[respx.Router]:
    """The Census geocoder, answering from recordings (see tests/support.py)."""
    with recorded_census() as router:
        yield router


@pytest.fixture
def client(settings: Settings, census: respx.Router, app_for: AppFor) -> Iterator[TestClient]:
    with TestClient(app_for(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def module_chromium() -> Iterator[Browser]:
    """Debian's Chromium, launched once for this test file (a launch costs a second or more);
    `browser` closes what each test opened in it. Not once per process: while Playwright's sync API
    runs, its event loop counts as running in the main thread, so every later test of the process
    that runs a loop of its own (`asyncio.run`) would fail."""
    with chromium() as browser:
        yield browser


@pytest.fixture
def browser(module_chromium: Browser) -> Iterator[Browser]:
    """The file's Chromium; every context (and so page, cookie and storage) a test opens is closed
    after it, so tests share nothing but the browser process (and the pages that show copies of
    pages without JavaScript to axe-core, which hold nothing of a test's: `scripted_copy`)."""
    yield module_chromium
    for context in module_chromium.contexts:
        if not shows_copies(context):
            context.close()


@pytest.fixture
def accounts(database_url: str) -> str:
    """The test database, with an organizer and a staff account (see tests/support.py)."""
    add_accounts(database_url)
    return database_url
