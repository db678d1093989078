"""The directory and the campaigns live in memory: a warm lookup reads no SQL, and a running
server follows a directory sync and a campaign edit within its check period, without a restart."""

import dataclasses
import gc
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import event
from typer.testing import CliRunner

from app.campaigns.editing import set_campaign_status
from app.civic.sync import congress
from app.civic.sync.datasets import OfficialsUpdate, apply_dataset
from app.civic.sync.sources import CONGRESS_FILES, FolderSource
from app.cli import cli
from app.main import create_app, create_served_app
from app.runtime import garbage_collection
from app.runtime.container import build_services
from app.runtime.garbage_collection import YOUNGEST_GENERATION_THRESHOLD
from app.settings import Settings, get_settings
from app.storage.db import create_db_engine, session_scope
from tests.live import live_server
from tests.support import DIRECTORY_DATA, app_settings, recorded_census

BOSTON = "1 Ashburton Place, Boston, MA 02108"
TARGETS = "/api/v1/campaigns/grace-no-ban/targets"


def settings_for(database_url: str, *, check_seconds: float) -> Settings:
    return app_settings(database_url, read_model_check_seconds=check_seconds)


def test_a_warm_lookup_reads_no_sql(database_url: str) -> None:
    # No in-process jobs: their periodic ticks (the webhook dispatcher's every 5 s) read SQL on the
    # same engine, and this counts only what the lookups read.
    settings = settings_for(database_url, check_seconds=60).model_copy(update={"jobs_in_web": False})
    services = build_services(settings)
    statements: list[str] = []
    event.listen(services.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with recorded_census(), TestClient(create_app(services=services)) as client:
        first = client.get(TARGETS, params={"address": BOSTON})
        read_while_cold = len(statements)
        again = [client.get(TARGETS, params={"address": BOSTON}) for _ in range(3)]
    assert first.status_code == 200
    assert read_while_cold > 0  # the first lookup built the read models
    # The same answer each time, but for the lookup token, signed with the second it was made in.
    assert [_but_the_token(r.json()) for r in again] == [_but_the_token(first.json())] * 3
    assert len(statements) == read_while_cold


def _but_the_token(body: dict[str, Any]) -> dict[str, Any]:
    assert body["lookup"]
    return {key: value for key, value in body.items() if key != "lookup"}


def eventually(check: Callable[[], bool], *, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def test_a_running_server_follows_a_sync_and_a_campaign_edit(database_url: str) -> None:
    engine = create_db_engine(database_url)
    source = FolderSource(DIRECTORY_DATA)
    legislators, offices = (source.read_json("congress-legislators", name=n) for n in CONGRESS_FILES)
    records = congress.congress_records(legislators, district_offices=offices)
    with recorded_census() as router:
        router.route(host="127.0.0.1").pass_through()
        app = create_app(settings_for(database_url, check_seconds=0.5))
        with live_server(app) as base_url, httpx.Client(base_url=base_url, timeout=60) as client:

            def names() -> list[str]:
                answer = client.get(TARGETS, params={"address": BOSTON}).json()
                return [t["name"] for t in answer["targets"]]

            assert "Ayanna Pressley" in names()
            renamed = [
                dataclasses.replace(r, name="Ayanna S. Pressley") if r.name == "Ayanna Pressley" else r
                for r in records
            ]
            with session_scope(engine) as session:
                apply_dataset(session, update=OfficialsUpdate(source=congress.SOURCE, records=renamed))
            assert eventually(lambda: "Ayanna S. Pressley" in names())

            with session_scope(engine) as session:
                set_campaign_status(session, slug="grace-no-ban", status="paused")
            paused = lambda: client.get(TARGETS, params={"address": BOSTON}).status_code == 410  # noqa: E731
            assert eventually(paused)
    engine.dispose()


@pytest.fixture
def serving_process(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This test process tuned as `switchboard serve` tunes its own; CPython's defaults again after."""
    monkeypatch.setattr(garbage_collection.ServingProcess, "serving", False)
    thresholds = gc.get_threshold()
    gc.set_threshold(700, 10, 10)  # CPython's defaults
    gc.unfreeze()
    yield
    gc.set_threshold(*thresholds)
    gc.unfreeze()


def test_a_served_process_keeps_the_directory_out_of_the_garbage_collectors_walks(
    database_url: str, serving_process: None
) -> None:
    garbage_collection.tune_for_serving()
    services = build_services(settings_for(database_url, check_seconds=60))
    services.read_models.warm()
    directory = services.read_models.directory()
    # Frozen: a full collection no longer walks the officials and offices (nor anything older).
    assert gc.get_freeze_count() > directory.official_count
    generations = {id(o) for o in gc.get_objects()}
    official = next(iter(directory.by_division.values()))[0]
    assert id(official) not in generations
    services.engine.dispose()


def test_the_served_app_collects_its_youngest_garbage_less_often(
    database_url: str, serving_process: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", database_url)
    get_settings.cache_clear()
    create_served_app()  # what `switchboard serve` hands uvicorn (see test_serve_runs_the_served_app)
    get_settings.cache_clear()
    assert gc.get_threshold() == (YOUNGEST_GENERATION_THRESHOLD, 10, 10)


def test_an_app_alone_leaves_the_garbage_collector_as_it_was(
    database_url: str, serving_process: None
) -> None:
    """Every test builds apps: the serving tuning is the served process's, not create_app's."""
    with TestClient(create_app(settings_for(database_url, check_seconds=60))):  # start-up loads the directory
        assert gc.get_threshold() == (700, 10, 10)
        assert gc.get_freeze_count() == 0


def test_serve_runs_the_served_app(monkeypatch: pytest.MonkeyPatch) -> None:
    started: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.update(app=app, **options))
    result = CliRunner().invoke(cli, ["serve", "--no-setup"])
    assert result.exit_code == 0, result.output
    assert (started["app"], started["factory"]) == ("app.main:create_served_app", True)
