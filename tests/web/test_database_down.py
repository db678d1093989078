"""PostgreSQL stopped and started under a running app: 503s that say so, then service again (issue 25, 7).

On a server of the test's own (tests/private_postgres.py), never the shared one.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.calls.conftest import call_settings
from tests.conftest import prepare_database_like
from tests.private_postgres import PrivatePostgres, private_postgres
from tests.support import AppFor, recorded_census

BOSTON = "1 Ashburton Place, Boston, MA 02108"
LOOKUP = f"/api/v1/representatives?address={BOSTON}"
CALL_ME = "/api/v1/campaigns/grace-no-ban/calls"


@pytest.fixture
def server(prepared_sqlite: Path) -> Iterator[PrivatePostgres]:
    with private_postgres() as server:
        prepare_database_like(f"sqlite:///{prepared_sqlite}", server.url)
        yield server


def test_a_stopped_database_answers_503_and_what_is_in_memory_keeps_serving(
    server: PrivatePostgres, app_for: AppFor
) -> None:
    settings = call_settings(server.url, base_url="http://testserver", api_url="http://127.0.0.1:9")
    call_me = {"address": BOSTON, "phone": "(617) 555-0123", "name": "Ana"}
    with recorded_census(), TestClient(app_for(settings)) as client:
        assert client.get(LOOKUP).status_code == 200
        assert client.get("/c/grace-no-ban").status_code == 200

        server.stop()

        lookup = client.get(LOOKUP)
        assert lookup.status_code == 200, "a lookup served from memory needs no SQL"
        for response in (
            client.post(CALL_ME, json=call_me),
            client.get("/c/grace-no-ban", headers={"accept": "text/html"}),
        ):
            assert response.status_code == 503, response.text
            assert response.headers["retry-after"] == "10"
        answer = client.post(CALL_ME, json=call_me).json()
        assert answer["code"] == "database_unavailable"
        assert "try again" in answer["detail"]
        page = client.get("/c/grace-no-ban", headers={"accept": "text/html"})
        assert "Traceback" not in page.text
        assert "try again" in page.text

        server.start()

        assert client.get(LOOKUP).status_code == 200
        assert client.get("/c/grace-no-ban").status_code == 200
        assert client.post(CALL_ME, json=call_me).status_code == 201
