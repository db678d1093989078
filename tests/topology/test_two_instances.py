"""Two web instances and two workers on one PostgreSQL (and Redis, or not), as separate processes.

"Call me" is accepted by instance A, placed by a worker (the web instances run no jobs on
PostgreSQL) through the Twilio simulator, and Twilio's webhooks land on instance B; tallies agree on
both; the per-phone limit holds across both; a campaign edit on A is served by B within seconds;
each tick of a periodic job runs once, however many workers schedule it.
"""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

from app.campaigns.store import load_campaign_dir
from app.civic.sync.datasets import sync_congress
from app.civic.sync.sources import FolderSource
from app.storage.db import create_db_engine, session_scope
from app.storage.migrations import upgrade_database
from tests.calls.conftest import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER
from tests.conftest import IN_CI
from tests.fakes.census_server import CensusServer
from tests.fakes.twilio_sim import STAY, Phone, TwilioSimulator
from tests.live import free_port
from tests.support import DIRECTORY_DATA, POSTGRES_URL, PROJECT, new_token, postgres_database

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL and not IN_CI, reason="set SWITCHBOARD_TEST_POSTGRES_URL (./run test does)"
)
BOSTON = "1 Ashburton Place, Boston, MA 02108"
SWITCHBOARD = str(Path(sys.executable).parent / "switchboard")
RECONCILE_EVERY_2_SECONDS = "* * * * * */2"


@dataclass
class Deployment:
    a: httpx.Client
    b: httpx.Client
    database_url: str
    simulator: TwilioSimulator
    census: CensusServer
    redis: bool


@pytest.fixture
def topology_database() -> Iterator[str]:
    """Migrated, with the members of Congress and the shipped campaigns (the state legislators,
    slow to load, are not needed here)."""
    with postgres_database() as url:
        upgrade_database(url)
        engine = create_db_engine(url)
        with session_scope(engine) as session:
            sync_congress(session, source=FolderSource(DIRECTORY_DATA), progress=lambda _msg: None)
            load_campaign_dir(session, directory=PROJECT / "campaigns")
        engine.dispose()
        yield url


@pytest.fixture
def simulator() -> Iterator[TwilioSimulator]:
    sim = TwilioSimulator(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture(params=["redis", "no-redis"])
def deployment(
    request: pytest.FixtureRequest, topology_database: str, simulator: TwilioSimulator
) -> Iterator[Deployment]:
    redis_url = request.getfixturevalue("redis_url") if request.param == "redis" else ""
    port_a, port_b = free_port(), free_port()
    with CensusServer() as census:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")},
            "SWITCHBOARD_DATABASE_URL": topology_database,
            "SWITCHBOARD_REDIS_URL": redis_url,
            "SWITCHBOARD_SECRET_KEY": "topology-test-secret-shared-by-every-process",
            "SWITCHBOARD_CENSUS_GEOCODER_URL": census.base_url,
            "SWITCHBOARD_CENSUS_VINTAGE": "ACS2025_Current",
            "SWITCHBOARD_DIRECTORY_SYNC_EVERY_HOURS": "0",
            # Twilio calls back the public URL: here instance B, behind no proxy.
            "SWITCHBOARD_PUBLIC_BASE_URL": f"http://127.0.0.1:{port_b}",
            "SWITCHBOARD_TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "SWITCHBOARD_TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "SWITCHBOARD_TWILIO_FROM_NUMBER": FROM_NUMBER,
            "SWITCHBOARD_TWILIO_API_URL": simulator.base_url,
            "SWITCHBOARD_CALL_RATE_PER_SECOND": "20",
            "SWITCHBOARD_CALL_LIMIT_PER_PHONE_PER_DAY": "2",
            "SWITCHBOARD_JOB_SCHEDULES": json.dumps({"calls.reconcile": RECONCILE_EVERY_2_SECONDS}),
        }
        uvicorn = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--host", "127.0.0.1"]
        web = [[*uvicorn, "--port", str(port), "--log-level", "warning"] for port in (port_a, port_b)]
        worker = [SWITCHBOARD, "worker"]
        processes = [subprocess.Popen(cmd, cwd=PROJECT, env=env) for cmd in (*web, worker, worker)]  # noqa: S603
        try:
            with (
                httpx.Client(base_url=f"http://127.0.0.1:{port_a}", timeout=20) as a,
                httpx.Client(base_url=f"http://127.0.0.1:{port_b}", timeout=20) as b,
            ):
                for client in (a, b):
                    # Generous: starting a process is slow on a busy two-core machine.
                    wait_until(
                        lambda c=client: healthy(c) or any(p.poll() is not None for p in processes),
                        what=f"{client.base_url} to answer",
                        timeout=300,
                    )
                assert all(p.poll() is None for p in processes), "a process of the deployment stopped"
                yield Deployment(a, b, topology_database, simulator, census, redis=bool(redis_url))
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def healthy(client: httpx.Client) -> bool:
    try:
        return client.get("/healthz").status_code == 200
    except httpx.TransportError:
        return False


def wait_until(check: Any, *, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"waited {timeout} s for {what}")


def call_me(client: httpx.Client, phone: str) -> httpx.Response:
    body = {"address": BOSTON, "phone": phone, "name": "Ana"}
    return client.post("/api/v1/campaigns/grace-no-ban/calls", json=body)


def call_over(deployment: Deployment, call_id: str) -> dict[str, Any]:
    """The call as the page on B sees it, once its Twilio side has finished."""
    found: dict[str, Any] = {}

    def ended() -> bool:
        found.update(deployment.b.get(f"/api/v1/calls/{call_id}").json())
        return found["status"] in ("completed", "failed", "busy", "no-answer", "canceled")

    wait_until(ended, what=f"call {call_id} to end", timeout=60)
    return found


def sql(deployment: Deployment, query: str, *params: object) -> list[tuple[Any, ...]]:
    url = make_url(deployment.database_url).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False)) as conn:
        return list(conn.execute(query, params).fetchall())


def test_two_web_instances_and_two_workers_agree(deployment: Deployment) -> None:
    sim = deployment.simulator
    phone = "+16175550141"
    started = int(time.time())
    sim.phones[phone] = Phone(actions=["1", STAY, "1", "1", STAY, "2", "*"])
    asked_before = deployment.census.asked

    accepted = call_me(deployment.a, phone)
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["status"] == "created"
    first = call_over(deployment, accepted.json()["id"])
    assert first["status"] == "completed"
    assert first["legs"][0]["outcome"] == "contact"
    # Placed by a worker: the job ran, and every webhook Twilio sent went to B and was answered.
    assert sql(
        deployment,
        "SELECT status::text FROM procrastinate_jobs "
        "WHERE task_name = 'calls.place' AND args->>'call_id' = %s",
        accepted.json()["id"],
    ) == [("succeeded",)]
    assert sim.webhook_log
    assert all(e.url.startswith(f"{deployment.b.base_url}/") for e in sim.webhook_log)
    assert {e.status for e in sim.webhook_log} == {200}

    # The per-phone limit (2 a day here) holds across instances.
    second = call_me(deployment.b, phone)
    assert second.status_code == 201, second.text
    call_over(deployment, second.json()["id"])
    third = call_me(deployment.a, phone)
    assert third.status_code == 429
    assert third.json()["code"] == "phone_limit_reached"
    # With Redis one geocoder answer served both instances; without, each asked once.
    assert deployment.census.asked - asked_before == (1 if deployment.redis else 2)

    staff = {"Authorization": f"Bearer {new_token(deployment.database_url, 'staff')}"}
    tallies_a = deployment.a.get("/api/v1/campaigns/grace-no-ban/tallies", headers=staff).json()
    tallies_b = deployment.b.get("/api/v1/campaigns/grace-no-ban/tallies", headers=staff).json()
    assert tallies_a == tallies_b
    stored = sql(deployment, "SELECT count(*) FROM call_session WHERE campaign_slug = 'grace-no-ban'")
    assert tallies_a["calls_started"] == stored[0][0] >= 2

    # An edit on A is served by B within seconds.
    organizer = {"Authorization": f"Bearer {new_token(deployment.database_url, 'organizer')}"}
    campaign = deployment.a.get("/api/v1/admin/campaigns/grace-no-ban", headers=organizer).json()["campaign"]
    title = f"Grace, no ban ({phone})"
    saved = deployment.a.put(
        "/api/v1/admin/campaigns/grace-no-ban",
        headers=organizer,
        content=json.dumps({**campaign, "title": title}),
    )
    assert saved.status_code == 200, saved.text
    wait_until(
        lambda: title in deployment.b.get("/c/grace-no-ban").text, what="B to serve the edit", timeout=5
    )

    # Every two seconds each worker's scheduler offers the reconcile tick; each tick runs once.
    def ticks() -> list[tuple[Any, ...]]:
        return sql(
            deployment,
            "SELECT args->>'timestamp', count(*) FROM procrastinate_jobs WHERE task_name = 'calls.reconcile' "
            "AND status = 'succeeded' AND (args->>'timestamp')::bigint >= %s GROUP BY 1",
            started,
        )

    wait_until(lambda: len(ticks()) >= 3, what="three reconcile ticks", timeout=60)
    assert {count for _tick, count in ticks()} == {1}
