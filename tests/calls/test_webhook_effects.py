"""Webhook effects keyed by what Twilio signed; receipts without numbers; no leg left open (issue 13).

Points 2 (no phone number in receipts, old receipts purged), 10 (a leg still ringing when the call
ends is closed) and 12 (a signed request re-sent with a new idempotency token changes nothing),
on SQLite and PostgreSQL.
"""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from app.calls.call_records import load_call
from app.calls.receipts import purge_expired_receipts
from app.calls.webhooks import (
    Hook,
    handle_answer,
    handle_call_status,
    handle_consent,
    handle_dialed,
    handle_leg_status,
    handle_survey,
)
from app.cli import cli
from app.kernel.clock import utcnow
from app.models.calls import CallSession, WebhookReceipt
from app.settings import Settings, get_settings
from app.storage.db import session_scope
from tests.calls.test_concurrent_callbacks import one_queued_call

CALLER = "+16175550123"
FROM = "+16175550100"


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    db = one_queued_call(migrated_url, legs=3, caller_phone=CALLER)
    yield db
    db.dispose()


@pytest.fixture
def settings(migrated_url: str) -> Settings:
    return Settings(_env_file=None, database_url=migrated_url, twilio_from_number=FROM)


def hook(path: str, **params: str) -> Hook:
    return Hook("c1", {"CallSid": "CA1", "AccountSid": "AC1", **params}, path=f"/twilio/calls/c1/{path}")


def statuses(engine: Engine) -> list[tuple[str, str | None]]:
    with Session(engine) as session:
        loaded = load_call(session, call_id="c1")
        assert loaded is not None
        return [(leg.status, leg.outcome) for leg in loaded.legs]


def test_receipts_hold_no_phone_number_yet_the_office_sees_the_caller(
    engine: Engine, settings: Settings
) -> None:
    handle_answer(engine, settings=settings, hook=hook("answer", CallStatus="in-progress"))
    consent = hook("legs/0/consent", Digits="1")
    first = handle_consent(engine, settings=settings, hook=consent, position=0)
    assert f'callerId="{CALLER}"' in first
    assert handle_consent(engine, settings=settings, hook=consent, position=0) == first, (
        "a repeat gets the same answer"
    )
    with Session(engine) as session:
        receipts = session.exec(select(WebhookReceipt)).all()
    assert len(receipts) == 2
    for receipt in receipts:
        assert CALLER not in receipt.response
        assert "5550123" not in receipt.response


def test_old_receipts_are_purged_by_function_and_command(
    engine: Engine, settings: Settings, migrated_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    handle_answer(engine, settings=settings, hook=hook("answer", CallStatus="in-progress"))
    with session_scope(engine) as session:
        assert purge_expired_receipts(session, now=utcnow()) == 0
        assert purge_expired_receipts(session, now=utcnow() + timedelta(days=2)) == 1
    handle_consent(engine, settings=settings, hook=hook("legs/0/consent", Digits="*"), position=0)
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", migrated_url)
    get_settings.cache_clear()
    kept = CliRunner().invoke(cli, ["calls", "purge-receipts"])
    get_settings.cache_clear()
    assert kept.exit_code == 0, kept.output
    assert "Deleted 0 webhook receipts older than 24 hours." in kept.output
    with session_scope(engine) as session:
        for receipt in session.exec(select(WebhookReceipt)).all():
            receipt.created_at = utcnow() - timedelta(hours=3)
            session.add(receipt)
    purged = CliRunner().invoke(cli, ["calls", "purge-receipts", "--older-than", "2"])
    get_settings.cache_clear()
    assert "Deleted 1 webhook receipts older than 2 hours." in purged.output


def test_a_signed_survey_resent_with_a_new_token_does_not_prompt_the_next_leg(
    engine: Engine, settings: Settings
) -> None:
    handle_answer(engine, settings=settings, hook=hook("answer", CallStatus="in-progress"))
    handle_consent(engine, settings=settings, hook=hook("legs/0/consent", Digits="1"), position=0)
    dialed = hook("legs/0/dialed", DialCallStatus="completed", DialCallDuration="30", DialCallSid="CH0")
    handle_dialed(engine, settings=settings, hook=dialed, position=0)
    survey = hook("legs/0/survey", Digits="1")
    handle_survey(engine, settings=settings, hook=survey, position=0)
    handle_consent(engine, settings=settings, hook=hook("legs/1/consent", Digits="1"), position=1)
    assert statuses(engine) == [("completed", "contact"), ("dialing", None), ("pending", None)]
    # The route ignores I-Twilio-Idempotency-Token: the same signed request is the same request.
    replayed = handle_survey(
        engine, settings=settings, hook=Hook(survey.call_id, dict(survey.params), survey.path), position=0
    )
    assert "<Say" in replayed
    assert statuses(engine) == [("completed", "contact"), ("dialing", None), ("pending", None)]


def test_a_leg_still_ringing_when_the_call_ends_is_closed(engine: Engine, settings: Settings) -> None:
    handle_answer(engine, settings=settings, hook=hook("answer", CallStatus="in-progress"))
    handle_consent(engine, settings=settings, hook=hook("legs/0/consent", Digits="1"), position=0)
    handle_leg_status(
        engine,
        settings=settings,
        hook=hook("legs/0/status", CallStatus="ringing", SequenceNumber="1"),
        position=0,
    )
    handle_call_status(
        engine, settings=settings, hook=hook("status", CallStatus="completed", SequenceNumber="3")
    )
    assert statuses(engine) == [
        ("canceled", "skipped"),
        ("not-attempted", "not-attempted"),
        ("not-attempted", "not-attempted"),
    ]
    with Session(engine) as session:
        call = session.get(CallSession, "c1")
        assert call is not None
        assert call.caller_phone is None


def test_a_conversation_in_progress_when_the_call_ends_is_completed(
    engine: Engine, settings: Settings
) -> None:
    handle_answer(engine, settings=settings, hook=hook("answer", CallStatus="in-progress"))
    handle_consent(engine, settings=settings, hook=hook("legs/0/consent", Digits="1"), position=0)
    leg = hook("legs/0/status", CallStatus="in-progress", SequenceNumber="2")
    handle_leg_status(engine, settings=settings, hook=leg, position=0)
    handle_call_status(
        engine, settings=settings, hook=hook("status", CallStatus="completed", SequenceNumber="3")
    )
    assert statuses(engine)[0] == ("completed", None), "its outcome is left for the caller to report"


@pytest.mark.parametrize("odd", ["²", "1" * 25, "9" * 5000, "-1", "１２"])
def test_odd_signed_numbers_are_ignored_not_a_500(engine: Engine, settings: Settings, odd: str) -> None:
    handle_answer(engine, settings=settings, hook=hook("answer", CallStatus="in-progress"))
    answer = handle_call_status(
        engine, settings=settings, hook=hook("status", CallStatus="ringing", SequenceNumber=odd)
    )
    assert answer.startswith("<?xml")
    done = hook("status", CallStatus="completed", SequenceNumber="5", CallDuration=odd)
    handle_call_status(engine, settings=settings, hook=done)
    with Session(engine) as session:
        call = session.get(CallSession, "c1")
        assert call is not None
        assert (call.status, call.sequence_number, call.duration_seconds) == ("completed", 5, None)


def test_twilios_late_word_on_a_leg_replaces_what_the_call_end_inferred(
    engine: Engine, settings: Settings
) -> None:
    handle_answer(engine, settings=settings, hook=hook("answer", CallStatus="in-progress"))
    handle_consent(engine, settings=settings, hook=hook("legs/0/consent", Digits="1"), position=0)
    ringing = hook("legs/0/status", CallStatus="ringing", SequenceNumber="1")
    handle_leg_status(engine, settings=settings, hook=ringing, position=0)
    handle_call_status(
        engine, settings=settings, hook=hook("status", CallStatus="completed", SequenceNumber="3")
    )
    assert statuses(engine)[0] == ("canceled", "skipped")
    late = hook("legs/0/dialed", DialCallStatus="no-answer", DialCallDuration="0", DialCallSid="CH0")
    handle_dialed(engine, settings=settings, hook=late, position=0)
    assert statuses(engine)[0] == ("no-answer", "unavailable")
