"""The standing attack suite's API part: Schemathesis over /openapi.json, every check enabled.

Every /api/v1 operation gets generated requests (valid and invalid) anonymously, and the
operations behind a token again with a staff and an organizer token, on SQLite and PostgreSQL.
No answer may be a 500, and every answer must match the document: its status documented, its
body the declared model, a 405 naming the allowed methods. 503 is a documented answer (calls
not configured, geocoder down); 410 and 422 are how a well-formed request is refused on its
meaning (a paused campaign, an address outside the US), so positive data may get them.
Generation is bounded and deterministic, so the suite stays a few minutes long and never flaky.
"""

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from schemathesis import Case
from schemathesis.config import SchemathesisConfig
from starlette.types import Receive, Scope, Send

from app.main import create_app
from app.settings import Settings
from tests.conftest import BACKENDS, copy_of_template
from tests.support import (
    app_settings,
    new_token,
    recorded_census,
)

MAX_EXAMPLES = 12
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "not_a_server_error": {"expected-statuses": ["2xx", "3xx", "4xx", "503"]},
            # A schema-valid body may still be over its route's byte cap (a long list of people): 413.
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "401", "403", "404", "409", "410", "413", "422", "429", "503"]
            },
            # A body over its route's cap is refused before it is read whole (request_guard.py).
            "negative_data_rejection": {
                "expected-statuses": [
                    "400",
                    "401",
                    "403",
                    "404",
                    "405",
                    "406",
                    "409",
                    "413",
                    "415",
                    "422",
                    "428",
                    "429",
                    "5xx",
                ]
            },
        },
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
    }
)
TOKEN_ROUTES = r"^(/api/v1/(admin/|campaigns/\{slug\}/tallies$)|/admin/api/directory/search$)"


@pytest.fixture(scope="module", params=BACKENDS)
def api_database(
    request: pytest.FixtureRequest, prepared_sqlite: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated, synced database with the shipped campaigns, shared by one backend's cases."""
    folder = tmp_path_factory.mktemp("schemathesis")
    with copy_of_template(
        request, sqlite=prepared_sqlite, postgres="prepared_postgres", folder=folder
    ) as url:
        yield url


class StartedApp:
    """The app, started once for many requests: Schemathesis's ASGI client starts and stops the
    app it is given around every request, which would close the app's services after the first."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        while (await receive())["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})


@pytest.fixture(scope="module")
def api_app(api_database: str) -> Iterator[StartedApp]:
    settings = app_settings(api_database)
    with recorded_census(), TestClient(create_app(settings)) as client:
        yield StartedApp(client.app)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def tokens(api_database: str) -> dict[str, str]:
    return {role: new_token(api_database, role) for role in ("staff", "organizer")}


def served_document() -> dict[str, Any]:
    """/openapi.json as the app serves it (building it needs no database)."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(Settings(_env_file=None, database_url=f"sqlite:///{folder}/openapi.db"))
        document = app.openapi()
        app.state.services.close()
    return document


schema = schemathesis.openapi.from_dict(served_document(), config=CONFIG)


@schema.parametrize()
def test_anonymous_requests_hold_to_the_schema(case: Case[Any], api_app: StartedApp) -> None:
    case.call_and_validate(app=api_app)


@pytest.fixture(scope="module", params=["staff", "organizer"])
def bearer(request: pytest.FixtureRequest, tokens: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[request.param]}"}


@schema.include(path_regex=TOKEN_ROUTES).parametrize()
def test_requests_with_a_token_hold_to_the_schema(
    case: Case[Any], api_app: StartedApp, bearer: dict[str, str]
) -> None:
    case.call_and_validate(app=api_app, headers=bearer)
