"""A worker killed with calls waiting, and a database restarted under a worker (issue 25, 7).

Real `switchboard worker` processes on real PostgreSQL servers: the shared test server for the
kill, a private one (tests/private_postgres.py) for the restart.
"""

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import update
from sqlmodel import Session, col, select

from app.jobs.calls import PLACE_CALL
from app.jobs.maintenance import STALLED_AFTER_SECONDS, retry_stalled_jobs
from app.jobs.registry import SERVICES_KEY
from app.jobs.runner import build_job_app, libpq_url
from app.kernel.clock import utcnow
from app.kernel.vocabulary import CallMethod
from app.models.calls import CallPace, CallSession
from app.models.campaigns import Campaign
from app.runtime.container import build_services
from app.settings import Settings
from app.storage.db import create_db_engine, write_scope
from app.storage.migrations import upgrade_database
from tests.calls.conftest import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, call_settings
from tests.conftest import IN_CI
from tests.fakes.twilio_sim import Phone, TwilioSimulator
from tests.jobs.support import run_job
from tests.private_postgres import private_postgres
from tests.support import POSTGRES_URL, postgres_database

SWITCHBOARD = str(Path(sys.executable).parent / "switchboard")
SLUG = "worker-faults"
DEAD_END = "http://127.0.0.1:9"  # Twilio's callbacks go nowhere: only placing matters here
needs_postgres = pytest.mark.skipif(
    not POSTGRES_URL and not IN_CI, reason="set SWITCHBOARD_TEST_POSTGRES_URL (./run test does)"
)


def phone(n: int) -> str:
    return f"+1617555{n:04d}"


def worker_process(url: str, sim: TwilioSimulator, folder: Path, **env: str) -> subprocess.Popen[bytes]:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")},
        "SWITCHBOARD_DATABASE_URL": url,
        "SWITCHBOARD_DIRECTORY_SYNC_EVERY_HOURS": "0",
        "SWITCHBOARD_PUBLIC_BASE_URL": DEAD_END,
        "SWITCHBOARD_TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "SWITCHBOARD_TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "SWITCHBOARD_TWILIO_FROM_NUMBER": FROM_NUMBER,
        "SWITCHBOARD_TWILIO_API_URL": sim.base_url,
        **env,
    }
    with (folder / "worker.log").open("wb") as log:  # the process keeps its own copy
        return subprocess.Popen([SWITCHBOARD, "worker"], cwd=folder, env=environment, stdout=log, stderr=log)  # noqa: S603


def wait_until(check: Callable[[], bool], *, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"waited {timeout} s for {what}"
        time.sleep(0.1)


def record_waiting_calls(settings: Settings, count: int) -> list[str]:
    """`count` recorded "Call me" calls, each with its calls.place job queued, as the web does."""
    engine = create_db_engine(settings.database_url)
    ids = [f"call-{n}" for n in range(count)]
    with write_scope(engine) as session:
        session.add(Campaign(slug=SLUG, title="Worker faults", status="live"))
    with write_scope(engine) as session:
        for n, call_id in enumerate(ids):
            session.add(
                CallSession(id=call_id, campaign_slug=SLUG, mode=CallMethod.BRIDGED, caller_phone=phone(n))
            )
    engine.dispose()

    async def defer() -> None:
        job_app = build_job_app(settings, periodic=False)
        async with job_app.open_async():
            for call_id in ids:
                await job_app.configure_task(PLACE_CALL).defer_async(call_id=call_id)

    asyncio.run(defer())
    return ids


def jobs(url: str, status: str) -> list[int]:
    with psycopg.connect(libpq_url(url)) as conn:
        rows = conn.execute(
            "SELECT id FROM procrastinate_jobs WHERE status = %s AND task_name = %s ORDER BY id",
            (status, PLACE_CALL),
        ).fetchall()
    return [row[0] for row in rows]


def run_worker_until_idle(settings: Settings) -> None:
    services = build_services(settings)

    async def scenario() -> None:
        job_app = build_job_app(settings, periodic=False)
        async with job_app.open_async():
            await job_app.run_worker_async(
                wait=False,
                install_signal_handlers=False,
                additional_context={SERVICES_KEY: services},
                fetch_job_polling_interval=0.1,
            )

    try:
        asyncio.run(scenario())
    finally:
        services.close()


def retry_stalled(settings: Settings, *, seconds_since_heartbeat: float) -> list[int]:
    async def scenario() -> list[int]:
        job_app = build_job_app(settings, periodic=False)
        async with job_app.open_async():
            return await retry_stalled_jobs(job_app, seconds_since_heartbeat=seconds_since_heartbeat)

    return asyncio.run(scenario())


@contextmanager
def simulator() -> Iterator[TwilioSimulator]:
    sim = TwilioSimulator(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
    sim.start()
    try:
        yield sim
    finally:
        sim.stop()


@needs_postgres
def test_the_jobs_a_killed_worker_left_doing_are_retried_and_no_call_is_placed_twice(tmp_path: Path) -> None:
    with postgres_database() as url, simulator() as sim:
        upgrade_database(url)
        settings = call_settings(url, base_url=DEAD_END, api_url=sim.base_url, call_rate_per_second=50)
        ids = record_waiting_calls(settings, 12)
        for n in range(12):
            sim.phones[phone(n)] = Phone(answer="no-answer")
        # The first call hangs in calls.create when the worker dies; the next four wait their turn
        # (one call every 20 s), all five `doing`.
        sim.faults.create_times_out = True
        worker = worker_process(
            url,
            sim,
            tmp_path,
            SWITCHBOARD_WORKER_CONCURRENCY="5",
            SWITCHBOARD_CALL_RATE_PER_SECOND="0.05",
            SWITCHBOARD_HTTP_TIMEOUT_SECONDS="300",
        )
        try:
            wait_until(
                lambda: len(jobs(url, "doing")) == 5 and len(sim.calls) == 1, what="five calls being placed"
            )
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        doing = jobs(url, "doing")
        sim.faults.create_times_out = False

        # Its heartbeat has stopped: any age counts as stalled here (the schedule allows 30 s).
        assert sorted(retry_stalled(settings, seconds_since_heartbeat=0)) == doing
        assert jobs(url, "doing") == []
        engine = create_db_engine(url)
        with write_scope(engine) as session:  # the slots the dead worker reserved have passed
            session.execute(update(CallPace).values(next_at=utcnow()))
        run_worker_until_idle(settings)

        assert sorted(call.to for call in sim.calls.values()) == sorted(phone(n) for n in range(12))
        with Session(engine) as session:
            calls = {c.id: c for c in session.exec(select(CallSession).where(col(CallSession.id).in_(ids)))}
        engine.dispose()
        # The call whose calls.create was cut off stays `dialing` (reconcile asks Twilio about it);
        # every other was placed once, by the retried jobs or the ones still queued.
        cut_off = [call for call in calls.values() if call.call_sid is None]
        assert [(call.status, call.dialed_at is not None) for call in cut_off] == [("dialing", True)]
        assert len(calls) == 12
        assert jobs(url, "todo") == jobs(url, "doing") == []


def test_a_worker_reconnects_by_itself_after_postgresql_restarts(tmp_path: Path) -> None:
    with private_postgres() as server, simulator() as sim:
        upgrade_database(server.url)
        settings = call_settings(server.url, base_url=DEAD_END, api_url=sim.base_url)
        sim.phones[phone(0)] = sim.phones[phone(1)] = Phone(answer="no-answer")
        worker = worker_process(server.url, sim, tmp_path, SWITCHBOARD_CALL_RATE_PER_SECOND="50")
        try:
            record_waiting_calls(settings, 1)
            wait_until(lambda: len(sim.calls) == 1, what="the first call placed")

            server.stop()
            server.start()

            asyncio.run(_defer_one_more(settings))
            wait_until(lambda: len(sim.calls) == 2 or worker.poll() is not None, what="the next call placed")
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            assert sorted(call.to for call in sim.calls.values()) == [phone(0), phone(1)]
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)
        assert "starting it again" in (tmp_path / "worker.log").read_text()


async def _defer_one_more(settings: Settings) -> None:
    engine = create_db_engine(settings.database_url)
    with write_scope(engine) as session:
        session.add(
            CallSession(
                id="after-restart", campaign_slug=SLUG, mode=CallMethod.BRIDGED, caller_phone=phone(1)
            )
        )
    engine.dispose()
    job_app = build_job_app(settings, periodic=False)
    async with job_app.open_async():
        await job_app.configure_task(PLACE_CALL).defer_async(call_id="after-restart")


def test_the_stalled_jobs_tick_runs_on_each_backend_often_enough(migrated_url: str) -> None:
    settings = Settings(_env_file=None, database_url=migrated_url)
    assert run_job(settings, "jobs.retry_stalled", timestamp=0) == ["succeeded"]
    crons = {t.task.name: t.cron for t in build_job_app(settings).periodic_registry.periodic_tasks.values()}
    # A worker silent for STALLED_AFTER_SECONDS is gone; the tick comes every 15 s: within a minute.
    assert crons["jobs.retry_stalled"] == "* * * * * */15"
    assert STALLED_AFTER_SECONDS + 15 < 60
