"""A bridged call's legs tell the organization's endpoint what happened, in the transaction that
records it: `call.completed` when a leg ends, `outcome.reported` when the keypad answer arrives
later, the partner and source fields present, never the caller's phone number. Then the job queue
delivers them (SQLite and PostgreSQL)."""

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from standardwebhooks.webhooks import Webhook

from app.calls.webhooks import (
    Hook,
    handle_answer,
    handle_call_status,
    handle_consent,
    handle_dialed,
    handle_survey,
)
from app.kernel.clock import utcnow
from app.kernel.webhook_vocabulary import DeliveryStatus, WebhookEvent
from app.models.webhooks import WebhookDelivery, WebhookMessage
from app.settings import Settings
from app.storage.db import session_scope
from tests.calls.test_concurrent_callbacks import one_queued_call
from tests.jobs.support import run_job
from tests.webhooks.receiver import running_receiver
from tests.webhooks.support import new_endpoint, outbox_event

CALLER = "+16175550123"


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    db = one_queued_call(migrated_url, legs=2, caller_phone=CALLER)
    yield db
    db.dispose()


def hook(path: str, **params: str) -> Hook:
    return Hook("c1", {"CallSid": "CA1", "AccountSid": "AC1", **params}, path=f"/twilio/calls/c1/{path}")


def messages(engine: Engine) -> list[tuple[str, dict[str, object]]]:
    with Session(engine) as session:
        rows = session.exec(select(WebhookMessage).order_by(col(WebhookMessage.created_at))).all()
        return [(row.event_type, json.loads(row.payload or "{}")) for row in rows]


def bridged_call(engine: Engine, settings: Settings) -> None:
    """Leg 0 connects for 30 s; its keypad outcome comes after it ended; the caller hangs up."""
    handle_answer(engine, settings=settings, hook=hook("answer", CallStatus="in-progress"))
    handle_consent(engine, settings=settings, hook=hook("legs/0/consent", Digits="1"), position=0)
    dialed = hook("legs/0/dialed", DialCallStatus="completed", DialCallDuration="30", DialCallSid="CH0")
    handle_dialed(engine, settings=settings, hook=dialed, position=0)
    handle_survey(engine, settings=settings, hook=hook("legs/0/survey", Digits="1"), position=0)
    ended = hook("status", CallStatus="completed", CallDuration="95", SequenceNumber="3")
    handle_call_status(engine, settings=settings, hook=ended)


def test_a_bridged_calls_legs_become_messages_without_the_callers_number(
    engine: Engine, migrated_url: str
) -> None:
    settings = Settings(_env_file=None, database_url=migrated_url, twilio_from_number="+16175550100")
    with running_receiver() as receiver:
        new_endpoint(engine, receiver.url)
        bridged_call(engine, settings)
    told = messages(engine)
    events = [(event, payload["data"]["target"]["id"]) for event, payload in told]  # type: ignore[index]
    assert events[:2] == [("call.completed", "T0"), ("outcome.reported", "T0")], "the outcome came later"
    assert ("call.completed", "T1") in events, "the leg never reached is over too"
    completed = told[0][1]["data"]
    assert completed == {
        "campaign": "grace-no-ban",
        "partner": None,
        "source": None,
        "call_leg": completed["call_leg"],  # type: ignore[index]
        "method": "bridged",
        "language": "en",
        "target": {
            "id": "T0",
            "name": "Target 0",
            "title": "Senator",
            "chamber": "us-senate",
            "state": "MA",
            "district": "",
        },
        "status": "completed",
        "outcome": None,
        "outcome_source": None,
        "duration_seconds": 30,
        "ended_at": completed["ended_at"],  # type: ignore[index]
    }
    assert told[1][1]["data"]["outcome"] == "contact"  # type: ignore[index]
    with Session(engine) as session:
        stored = " ".join(payload or "" for payload in session.exec(select(WebhookMessage.payload)))
    for fragment in (CALLER, "5550123", "6175550123"):
        assert fragment not in stored


def test_nothing_is_written_for_an_organization_without_endpoints(engine: Engine, migrated_url: str) -> None:
    settings = Settings(_env_file=None, database_url=migrated_url, twilio_from_number="+16175550100")
    bridged_call(engine, settings)
    assert messages(engine) == []


def test_the_job_queue_delivers_the_outbox_signed(engine: Engine, migrated_url: str) -> None:
    settings = Settings(
        _env_file=None,
        database_url=migrated_url,
        twilio_from_number="+16175550100",
        webhook_allowed_networks=["127.0.0.1/32"],
    )
    with running_receiver("500") as receiver:
        endpoint = new_endpoint(engine, receiver.url)
        bridged_call(engine, settings)
        assert run_job(settings, "webhooks.dispatch", timestamp=0) == ["succeeded"]
        with Session(engine) as session:
            statuses = sorted(session.exec(select(WebhookDelivery.status)).all())
        assert statuses.count("pending") == 1, "the one that got a 500 waits for its retry"
        assert set(statuses) == {"delivered", "pending"}
        for request in receiver.received:
            Webhook(endpoint.secret).verify(request.body, request.headers)


def test_the_purge_job_deletes_old_opt_ins_and_the_logs_old_messages(
    engine: Engine, migrated_url: str
) -> None:
    settings = Settings(_env_file=None, database_url=migrated_url)
    now = utcnow()
    with running_receiver() as receiver:
        new_endpoint(engine, receiver.url)
    old_call = outbox_event(engine, now=now - timedelta(days=31))
    recent_call = outbox_event(engine, now=now - timedelta(days=1))
    old_opt_in = outbox_event(engine, now=now - timedelta(days=8), event=WebhookEvent.SUPPORTER_OPTED_IN)
    with session_scope(engine) as session:
        for delivery in session.exec(select(WebhookDelivery)).all():
            if delivery.message_id != old_opt_in:
                delivery.status = DeliveryStatus.DELIVERED
                session.add(delivery)

    assert run_job(settings, "webhooks.purge", timestamp=0) == ["succeeded"]

    with Session(engine) as session:
        kept = {row.id: row.payload for row in session.exec(select(WebhookMessage)).all()}
        statuses = {row.message_id: row.status for row in session.exec(select(WebhookDelivery)).all()}
    assert old_call not in kept, "30 days on, the log forgets a delivered message"
    assert kept[recent_call] is not None
    assert kept[old_opt_in] is None, "a week on, an undelivered opt-in is deleted"
    assert statuses[old_opt_in] == "expired"
