"""\"Call me when they open\" at its time: the worker places the call once (SQLite in-process and
PostgreSQL, even with two workers racing), texts the reminder of a number-only campaign, respects
quiet hours and a paused campaign, and deletes the number after."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
import respx
import time_machine
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.calls.scheduled_runs import claim_due, serve_claimed
from app.campaigns.editing import set_campaign_status
from app.campaigns.store import get_campaign, save_campaign
from app.kernel.clock import utcnow
from app.models.calls import CallLeg, CallSession
from app.runtime.container import build_services
from app.settings import Settings
from app.storage.db import create_db_engine, session_scope
from tests.calls.when_open import (
    PHONE,
    SLUG,
    TUESDAY_EVENING,
    WEDNESDAY_NINE,
    schedule,
    scheduling_settings,
    senator_id,
    signed_sms,
    stored_rows,
)
from tests.fakes.twilio_sim import TwilioSimulator
from tests.jobs.support import run_job
from tests.live import free_port, live_server
from tests.support import POSTGRES_URL, AppFor, postgres_copy_of, recorded_census

SCHEDULED_JOB = "calls.scheduled"
needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="set SWITCHBOARD_TEST_POSTGRES_URL")


@pytest.fixture
def backend_url(synced_url: str) -> str:
    """A migrated, synced database with the shipped campaigns: a SQLite file, then PostgreSQL."""
    return synced_url


def scheduled_via_api(app_for: AppFor, settings: Settings, *, at: str, phones: list[str]) -> None:
    """Tuesday 19:00 in Vermont: each phone schedules a call to a senator at `at`."""
    with (
        time_machine.travel(TUESDAY_EVENING, tick=False),
        recorded_census(),
        TestClient(app_for(settings)) as client,
    ):
        target = senator_id(client)
        for phone in phones:
            answer = schedule(client, target, at=at, phone=phone)
            assert answer.status_code == 201, answer.text


@contextmanager
def live(
    app_for: AppFor, database_url: str, simulator: TwilioSimulator, **overrides: Any
) -> Iterator[Settings]:
    """Settings for an app served on loopback, where the simulated phone calls fetch their TwiML;
    the served app runs no jobs (the test runs them), and stops once every simulated call ended."""
    port = free_port()
    settings = scheduling_settings(
        database_url, api_url=simulator.base_url, base_url=f"http://127.0.0.1:{port}", **overrides
    )
    with live_server(app_for(settings), port=port):
        yield settings
        for sid in list(simulator.calls):
            simulator.wait(sid)


def change_campaign(settings: Settings, **changes: Any) -> None:
    engine = create_db_engine(settings.database_url)
    with session_scope(engine) as session:
        if "status" in changes:
            set_campaign_status(session, slug=SLUG, status=changes.pop("status"))
        if changes:
            spec = get_campaign(session, slug=SLUG).model_copy(update=changes)
            save_campaign(session, spec=spec, source="admin")
    engine.dispose()


def calls_to(simulator: TwilioSimulator, phone: str) -> int:
    return sum(1 for call in simulator.calls.values() if call.to == phone)


def stored_calls(settings: Settings) -> list[tuple[CallSession, list[CallLeg]]]:
    engine = create_db_engine(settings.database_url)
    with Session(engine) as session:
        calls = session.exec(select(CallSession)).all()
        found = [
            (call, list(session.exec(select(CallLeg).where(CallLeg.session_id == call.id)).all()))
            for call in calls
        ]
    engine.dispose()
    return found


def test_the_worker_places_it_at_its_time_once(
    backend_url: str, simulator: TwilioSimulator, app_for: AppFor
) -> None:
    with live(app_for, backend_url, simulator) as settings:
        placed_at_its_time(app_for, settings, simulator)


def placed_at_its_time(app_for: AppFor, settings: Settings, simulator: TwilioSimulator) -> None:
    scheduled_via_api(app_for, settings, at="2026-12-09T14:00:00Z", phones=[PHONE])
    with time_machine.travel(WEDNESDAY_NINE - timedelta(minutes=1), tick=True):
        run_job(settings, SCHEDULED_JOB, timestamp=0)
    assert calls_to(simulator, PHONE) == 0, "not before its time"
    assert stored_rows(settings)[0].status == "scheduled"
    with time_machine.travel(WEDNESDAY_NINE + timedelta(seconds=20), tick=True):
        assert set(run_job(settings, SCHEDULED_JOB, timestamp=0)) == {"succeeded"}
        run_job(settings, SCHEDULED_JOB, timestamp=0)
    assert calls_to(simulator, PHONE) == 1, "placed once, through the calls.place job"
    [row] = stored_rows(settings)
    assert (row.status, row.phone_sealed, row.phone_hash) == ("placed", None, None)
    [(call, legs)] = stored_calls(settings)
    assert (call.id, call.mode, call.campaign_slug) == (row.call_id, "bridged", SLUG)
    assert [leg.target_id for leg in legs] == [row.target_id]


@needs_postgres
def test_two_workers_racing_serve_each_scheduled_call_once(
    simulator: TwilioSimulator, prepared_postgres: str, app_for: AppFor
) -> None:
    phones = [f"+1802555{n:04d}" for n in range(150, 158)]
    with postgres_copy_of(prepared_postgres) as url:
        settings = scheduling_settings(url, api_url=simulator.base_url, call_limit_per_office=100)
        rows, calls, served = raced(app_for, settings, phones)
    both = served[0] + served[1]
    assert len(both) == len(set(both)) == len(phones), both
    assert all(entry.endswith(":placed") for entry in both)
    assert sorted(row.status for row in rows) == ["placed"] * len(phones)
    assert sorted(str(row.call_id) for row in rows) == sorted(call.id for call, _legs in calls)
    assert all(row.phone_sealed is None for row in rows)


def raced(
    app_for: AppFor, settings: Settings, phones: list[str]
) -> tuple[list[Any], list[tuple[CallSession, list[CallLeg]]], list[list[str]]]:
    """Two workers (each with its own engine and connections, as two processes), started together,
    claim and serve the due calls; the rows, the calls recorded, and what each worker served."""
    scheduled_via_api(app_for, settings, at="2026-12-09T14:00:00Z", phones=phones)
    served: list[list[str]] = [[], []]
    start = threading.Barrier(2)

    def worker(index: int) -> None:
        services = build_services(settings)
        try:
            start.wait()
            for scheduled_id in claim_due(services.engine, now=utcnow()):
                outcome = serve_claimed(
                    services.engine,
                    scheduled_id=scheduled_id,
                    campaigns=services.read_models,
                    telephony=services.telephony,
                    settings=settings,
                    now=utcnow(),
                )
                served[index].append(f"{scheduled_id}:{outcome.status}")
        finally:
            services.close()

    with time_machine.travel(WEDNESDAY_NINE + timedelta(seconds=5), tick=True):
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    return stored_rows(settings), stored_calls(settings), served


def test_a_paused_campaign_is_not_called(
    database_url: str, simulator: TwilioSimulator, app_for: AppFor
) -> None:
    settings = scheduling_settings(database_url, api_url=simulator.base_url)
    scheduled_via_api(app_for, settings, at="2026-12-09T14:00:00Z", phones=[PHONE])
    change_campaign(settings, status="paused")
    with time_machine.travel(WEDNESDAY_NINE + timedelta(seconds=20), tick=True):
        run_job(settings, SCHEDULED_JOB, timestamp=0)
    assert calls_to(simulator, PHONE) == 0
    assert simulator.messages == [], "no text was promised for a call"
    [row] = stored_rows(settings)
    assert (row.status, row.phone_sealed, row.call_id) == ("campaign-closed", None, None)
    assert stored_calls(settings) == []


def test_a_number_only_campaign_texts_one_reminder_with_the_link(
    database_url: str, simulator: TwilioSimulator, app_for: AppFor
) -> None:
    settings = scheduling_settings(database_url, api_url=simulator.base_url)
    change_campaign(settings, call_modes=["number"])
    scheduled_via_api(app_for, settings, at="2026-12-09T14:30:00Z", phones=[PHONE])
    assert stored_rows(settings)[0].kind == "reminder"
    with time_machine.travel(WEDNESDAY_NINE + timedelta(minutes=31), tick=True):
        run_job(settings, SCHEDULED_JOB, timestamp=0)
        run_job(settings, SCHEDULED_JOB, timestamp=0)
    [message] = simulator.messages
    assert (message["to"], message["from"]) == (PHONE, settings.twilio_from_number)
    assert f"{settings.public_base_url}/c/{SLUG}?lang=en" in message["body"]
    assert "STOP" in message["body"]
    assert calls_to(simulator, PHONE) == 0
    [row] = stored_rows(settings)
    assert (row.status, row.phone_sealed, row.phone_hash) == ("sent", None, None)


def test_a_paused_number_only_campaign_texts_that_it_is_paused(
    database_url: str, simulator: TwilioSimulator, app_for: AppFor
) -> None:
    settings = scheduling_settings(database_url, api_url=simulator.base_url)
    change_campaign(settings, call_modes=["number"])
    scheduled_via_api(app_for, settings, at="2026-12-09T14:00:00Z", phones=[PHONE])
    change_campaign(settings, status="paused")
    with time_machine.travel(WEDNESDAY_NINE + timedelta(seconds=20), tick=True):
        run_job(settings, SCHEDULED_JOB, timestamp=0)
    [message] = simulator.messages
    assert "paused" in message["body"]
    assert "http" not in message["body"]
    assert stored_rows(settings)[0].status == "campaign-closed"


def test_quiet_hours_hold_when_the_worker_comes_late(
    database_url: str, simulator: TwilioSimulator, app_for: AppFor
) -> None:
    settings = scheduling_settings(database_url, api_url=simulator.base_url)
    scheduled_via_api(app_for, settings, at="2026-12-09T14:00:00Z", phones=[PHONE])
    # The workers were down all day: 20:10 in Vermont, past quiet hours' start (and its time).
    with time_machine.travel(WEDNESDAY_NINE + timedelta(hours=11, minutes=10), tick=True):
        run_job(settings, SCHEDULED_JOB, timestamp=0)
    assert calls_to(simulator, PHONE) == 0
    [row] = stored_rows(settings)
    assert (row.status, row.phone_sealed) == ("missed", None)


def test_a_number_that_replied_stop_is_never_texted_again(
    database_url: str, simulator: TwilioSimulator, census: respx.Router, app_for: AppFor
) -> None:
    settings = scheduling_settings(database_url, api_url=simulator.base_url)
    change_campaign(settings, call_modes=["number"])
    with time_machine.travel(TUESDAY_EVENING, tick=False), TestClient(app_for(settings)) as client:
        target = senator_id(client)
        assert schedule(client, target, at="2026-12-09T14:00:00Z").status_code == 201
        assert signed_sms(client, sender=PHONE, body="STOP").status_code == 200
        again = schedule(client, target, at="2026-12-09T14:30:00Z")
        assert (again.status_code, again.json()["code"]) == (422, "phone_opted_out")
        assert signed_sms(client, sender=PHONE, body="START").status_code == 200
        assert schedule(client, target, at="2026-12-09T15:00:00Z").status_code == 201
    with time_machine.travel(WEDNESDAY_NINE + timedelta(hours=1, seconds=5), tick=True):
        run_job(settings, SCHEDULED_JOB, timestamp=0)
    assert [m["body"][:11] for m in simulator.messages] == ["Switchboard"], "only the one after START"
    assert sorted(row.status for row in stored_rows(settings)) == ["canceled", "sent"]
