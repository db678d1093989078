"""Ready means warm: by the time the app serves, the read models, the ZIP table, a lookup and the
page templates have all run once (no timing here: benchmarks measure speed)."""

from pathlib import Path

import zipcodes
from fastapi.testclient import TestClient

from app.main import create_app
from app.runtime.read_models import ReadModels
from app.settings import Settings
from app.storage.migrations import upgrade_database
from app.web.views.pages import templates
from tests.support import app_settings

TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "web" / "templates"


def test_a_started_app_holds_what_its_first_lookup_needs(database_url: str) -> None:
    # Versions re-read at most every minute: what is in memory is served without a database read.
    settings = app_settings(database_url, read_model_check_seconds=60)
    with TestClient(create_app(settings)) as client:
        read_models: ReadModels = client.app.state.services.read_models  # type: ignore[attr-defined]
        assert read_models.directory_in_memory() is not None
        assert "ma-safe-communities" in read_models.live_campaign_slugs()
        assert read_models.campaign_in_memory("ma-safe-communities") is not None
    assert templates.env.cache is not None
    compiled = {key[1] for key in templates.env.cache}
    on_disk = {str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html")}
    assert on_disk <= compiled
    assert zipcodes.matching("20500")  # type: ignore[no-untyped-call]


def test_an_app_with_no_directory_and_no_campaign_still_starts(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    upgrade_database(url)
    settings: Settings = app_settings(url)
    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 503
