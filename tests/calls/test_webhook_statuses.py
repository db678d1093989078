"""A signed request re-split into a status Twilio never sends changes nothing (issue 25, item 9c).

Twilio signs the URL and every name and value run together, so `CallStatus=in-progress&Digits=1`
and `CallStatus=in-progressDigits1` carry the same signature. Only the statuses Twilio documents
are taken; any other request is answered with an empty <Response/>, on SQLite and PostgreSQL.
"""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from app.calls.call_records import add_legs
from app.calls.webhooks import (
    handle_answer,
    handle_call_status,
    handle_consent,
    handle_dialed,
    handle_leg_status,
)
from app.campaigns.store import load_campaign_dir
from app.kernel.vocabulary import CallMethod
from app.models.calls import CallSession, WebhookReceipt
from app.settings import Settings
from app.storage.db import create_db_engine, session_scope
from tests.calls.test_concurrent_callbacks import planned
from tests.calls.test_webhook_effects import FROM, hook, statuses
from tests.support import PROJECT

EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response />'


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    """A queued bridged call `c1` (CallSid CA1) with three legs, as in test_webhook_effects.py."""
    db = create_db_engine(migrated_url)
    with session_scope(db) as session:
        load_campaign_dir(session, directory=PROJECT / "campaigns")
    with session_scope(db) as session:
        call = CallSession(
            id="c1", campaign_slug="grace-no-ban", mode=CallMethod.BRIDGED, status="queued", call_sid="CA1"
        )
        session.add(call)
        session.flush()
        add_legs(session, call_id="c1", legs=planned(3))
    yield db
    db.dispose()


@pytest.fixture
def settings(migrated_url: str) -> Settings:
    return Settings(_env_file=None, database_url=migrated_url, twilio_from_number=FROM)


def call_state(engine: Engine) -> tuple[str, str | None]:
    with Session(engine) as session:
        call = session.get(CallSession, "c1")
        assert call is not None
        return call.status, call.twilio_status


def receipts(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(WebhookReceipt)).one())


def test_a_re_split_status_callback_moves_no_call(engine: Engine, settings: Settings) -> None:
    forged = hook("status", CallStatus="in-progressDigits1", SequenceNumber="1")
    assert handle_call_status(engine, settings=settings, hook=forged) == EMPTY
    assert call_state(engine) == ("queued", None)
    assert receipts(engine) == 0


def test_a_re_split_keypad_request_presses_nothing(engine: Engine, settings: Settings) -> None:
    handle_answer(engine, settings=settings, hook=hook("answer", CallStatus="in-progress"))
    before = statuses(engine)
    stored = receipts(engine)
    forged = hook("legs/0/consent", CallStatus="in-progressDigits1")
    assert handle_consent(engine, settings=settings, hook=forged, position=0) == EMPTY
    assert statuses(engine) == before
    assert receipts(engine) == stored, "no receipt: the real request would still be answered"


@pytest.mark.parametrize(
    "params",
    [
        {"CallStatus": "completedDialCallDuration30"},
        {"CallStatus": ""},
        {"CallStatus": "in-progress", "DialCallStatus": "completedDialCallSidCH0"},
    ],
)
def test_leg_callbacks_with_undocumented_statuses_change_nothing(
    engine: Engine, settings: Settings, params: dict[str, str]
) -> None:
    handle_answer(engine, settings=settings, hook=hook("answer", CallStatus="in-progress"))
    handle_consent(engine, settings=settings, hook=hook("legs/0/consent", Digits="1"), position=0)
    before = statuses(engine)
    assert (
        handle_leg_status(engine, settings=settings, hook=hook("legs/0/status", **params), position=0)
        == EMPTY
    )
    assert handle_dialed(engine, settings=settings, hook=hook("legs/0/dialed", **params), position=0) == EMPTY
    assert statuses(engine) == before


def test_every_documented_status_is_taken(engine: Engine, settings: Settings) -> None:
    for n, status in enumerate(["queued", "initiated", "ringing", "in-progress", "completed"], start=1):
        handle_call_status(
            engine, settings=settings, hook=hook("status", CallStatus=status, SequenceNumber=str(n))
        )
    assert call_state(engine) == ("completed", "completed")
