"""Where the directory comes from: the published openstates/people archive, and missing data."""

import io
import zipfile
from pathlib import Path

import httpx
import pytest
import respx
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.campaigns.store import load_campaign_dir
from app.civic.sync.datasets import sync_congress, sync_state_legislators
from app.civic.sync.sources import FolderSource, OfficialSource
from app.kernel.errors import DirectorySourceError
from app.main import create_app
from app.models.directory import Official, Vacancy
from app.settings import Settings
from app.storage.db import create_db_engine, session_scope
from app.storage.migrations import upgrade_database
from tests.support import DIRECTORY_DATA, PROJECT

ARCHIVE_URL = "https://github.com/openstates/people/archive/refs/heads/main.zip"
SETTINGS_URL = "https://raw.githubusercontent.com/openstates/people/main/settings.yml"
PEOPLE = DIRECTORY_DATA / "openstates-people"


def archive_of(paths: list[Path]) -> bytes:
    """A zip laid out like GitHub's archive of openstates/people (one top folder)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("people-main/README.md", "people")
        for path in paths:
            archive.write(path, f"people-main/{path.relative_to(PEOPLE).as_posix()}")
    return buffer.getvalue()


def test_state_legislators_sync_from_the_published_archive(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    upgrade_database(url)
    vermont = sorted((PEOPLE / "data" / "vt" / "legislature").glob("*.yml"))
    executive = sorted((PEOPLE / "data" / "vt" / "executive").glob("*.yml"))
    engine = create_db_engine(url)
    with respx.mock() as router, httpx.Client() as http, session_scope(engine) as session:
        router.get(ARCHIVE_URL).respond(content=archive_of(vermont + executive))
        router.get(SETTINGS_URL).respond(content=(PEOPLE / "settings.yml").read_bytes())
        source = OfficialSource(
            http, urls={"openstates-people": ARCHIVE_URL, "openstates-people/settings.yml": SETTINGS_URL}
        )
        report = sync_state_legislators(session, source=source, progress=lambda _m: None)
    with Session(engine) as session:
        states = set(session.exec(select(Official.state)).all())
        vacancies = len(session.exec(select(Vacancy)).all())
    engine.dispose()
    assert report.total == len(vermont) == 180
    assert states == {"VT"}
    assert vacancies == report.vacancies > 0


def test_a_download_that_fails_says_how_to_sync_offline() -> None:
    with respx.mock() as router, httpx.Client() as http:
        router.get(ARCHIVE_URL).respond(503)
        source = OfficialSource(http, urls={"openstates-people": ARCHIVE_URL})
        with pytest.raises(DirectorySourceError, match="switchboard directory sync --from PATH"):
            list(source.iter_files("openstates-people", pattern="data/*/legislature/*.yml"))


def test_a_state_campaign_without_state_legislators_says_the_directory_is_not_loaded(
    tmp_path: Path, census: respx.Router
) -> None:
    url = f"sqlite:///{tmp_path / 'congress-only.db'}"
    upgrade_database(url)
    engine = create_db_engine(url)
    with session_scope(engine) as session:
        sync_congress(session, source=FolderSource(DIRECTORY_DATA), progress=lambda _m: None)
        load_campaign_dir(session, directory=PROJECT / "campaigns")
    engine.dispose()
    settings = Settings(_env_file=None, database_url=url, census_vintage="ACS2025_Current")
    with TestClient(create_app(settings)) as client:
        state = client.get(
            "/api/v1/campaigns/ma-safe-communities/targets",
            params={"address": "1 Ashburton Place, Boston, MA 02108"},
        )
        federal = client.get(
            "/api/v1/campaigns/grace-no-ban/targets",
            params={"address": "1 Ashburton Place, Boston, MA 02108"},
        )
    assert state.status_code == 503
    assert state.json()["code"] == "directory_empty"
    assert "state legislators" in state.json()["detail"]
    assert federal.status_code == 200
