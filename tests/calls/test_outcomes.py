"""Leg writes go forward only, and outcomes respect keypad > web > call."""

from sqlmodel import Session

from app.calls.bridge import LegChange
from app.calls.call_records import PlannedLeg, add_legs, load_call
from app.calls.outcomes import update_leg
from app.kernel.vocabulary import CallMethod, Chamber, LegStatus, Outcome, OutcomeSource
from app.models.call_fields import LegFields
from app.models.calls import CallSession
from app.storage.db import create_db_engine


def make_leg(database_url: str) -> tuple[Session, LegFields]:
    engine = create_db_engine(database_url)
    session = Session(engine)
    session.add(CallSession(id="c1", campaign_slug="grace-no-ban", mode=CallMethod.BRIDGED))
    session.flush()
    add_legs(
        session,
        call_id="c1",
        legs=[PlannedLeg("T", "Name", "Senator", Chamber.US_SENATE, "MA", "", "+16175550100", "")],
    )
    session.flush()
    loaded = load_call(session, call_id="c1")
    assert loaded is not None
    return session, loaded.legs[0]


def test_status_never_moves_back_and_the_first_final_status_wins(database_url: str) -> None:
    session, leg = make_leg(database_url)
    assert update_leg(session, leg=leg, change=LegChange(0, status=LegStatus.RINGING)).changed
    update = update_leg(session, leg=leg, change=LegChange(0, status=LegStatus.DIALING))
    assert not update.changed
    update_leg(session, leg=leg, change=LegChange(0, status=LegStatus.BUSY))
    update_leg(session, leg=leg, change=LegChange(0, status=LegStatus.COMPLETED))
    assert leg.status == "busy"
    assert leg.ended_at is not None
    session.close()


def test_twilio_status_follows_sequence_numbers(database_url: str) -> None:
    session, leg = make_leg(database_url)
    update_leg(session, leg=leg, change=LegChange(0, twilio_status="completed", sequence_number=3))
    update_leg(session, leg=leg, change=LegChange(0, twilio_status="ringing", sequence_number=1))
    assert (leg.twilio_status, leg.sequence_number) == ("completed", 3)
    session.close()


def test_outcome_precedence(database_url: str) -> None:
    session, leg = make_leg(database_url)
    update_leg(
        session, leg=leg, change=LegChange(0, outcome=Outcome.UNAVAILABLE, outcome_source=OutcomeSource.CALL)
    )
    update_leg(
        session, leg=leg, change=LegChange(0, outcome=Outcome.CONTACT, outcome_source=OutcomeSource.WEB)
    )
    update_leg(
        session, leg=leg, change=LegChange(0, outcome=Outcome.WRONG_NUMBER, outcome_source=OutcomeSource.WEB)
    )
    assert (leg.outcome, leg.outcome_source) == ("wrong-number", "web"), "the page may correct its own report"
    update = update_leg(
        session, leg=leg, change=LegChange(0, outcome=Outcome.VOICEMAIL, outcome_source=OutcomeSource.KEYPAD)
    )
    assert (update.before.outcome, update.after.outcome) == ("wrong-number", "voicemail")
    update_leg(
        session, leg=leg, change=LegChange(0, outcome=Outcome.CONTACT, outcome_source=OutcomeSource.KEYPAD)
    )
    update_leg(
        session, leg=leg, change=LegChange(0, outcome=Outcome.CONTACT, outcome_source=OutcomeSource.WEB)
    )
    update_leg(
        session, leg=leg, change=LegChange(0, outcome=Outcome.NO_CONSENT, outcome_source=OutcomeSource.CALL)
    )
    assert (leg.outcome, leg.outcome_source) == ("voicemail", "keypad")
    session.close()
