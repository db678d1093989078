"""Many webhooks at once, duplicated and shuffled, on SQLite and PostgreSQL: nothing lost or doubled."""

import random
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine
from sqlmodel import Session

from app.calls.bridge import LegChange
from app.calls.call_records import PlannedLeg, add_legs, load_call, require_call
from app.calls.outcomes import update_leg
from app.calls.webhooks import Hook, handle_call_status, handle_dialed, handle_leg_status
from app.campaigns.store import load_campaign_dir
from app.kernel.vocabulary import CallMethod, Chamber, LegStatus
from app.models.calls import CallSession
from app.settings import Settings
from app.storage.db import create_db_engine, session_scope
from tests.support import PROJECT

LEG_EVENTS = ["initiated", "ringing", "in-progress", "completed"]
CALL_EVENTS = ["initiated", "ringing", "in-progress", "completed"]


def planned(n: int) -> list[PlannedLeg]:
    return [
        PlannedLeg(f"T{i}", f"Target {i}", "Senator", Chamber.US_SENATE, "MA", "", f"+1617555010{i}", "")
        for i in range(n)
    ]


def one_queued_call(database_url: str, *, legs: int, caller_phone: str) -> Engine:
    """Into a migrated database, the shipped campaigns and call `c1` (CallSid CA1) queued with `legs`
    planned legs; the engine on it, for the caller to dispose of."""
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        load_campaign_dir(session, directory=PROJECT / "campaigns")
    with session_scope(engine) as session:
        session.add(
            CallSession(
                id="c1",
                campaign_slug="grace-no-ban",
                mode=CallMethod.BRIDGED,
                status="queued",
                call_sid="CA1",
                caller_phone=caller_phone,
            )
        )
        session.flush()
        add_legs(session, call_id="c1", legs=planned(legs))
    return engine


CALL_PATH = "/twilio/calls/c1/status"


def test_shuffled_duplicated_callbacks_from_16_threads(migrated_url: str) -> None:
    engine = create_db_engine(migrated_url)
    settings = Settings(_env_file=None, database_url=migrated_url)
    with session_scope(engine) as session:
        load_campaign_dir(session, directory=PROJECT / "campaigns")
    with session_scope(engine) as session:
        session.add(
            CallSession(id="c1", campaign_slug="grace-no-ban", mode=CallMethod.BRIDGED, status="queued")
        )
        session.flush()
        add_legs(session, call_id="c1", legs=planned(3))
        session.flush()
        for leg in require_call(session, call_id="c1").legs:
            update_leg(
                session, leg=leg, change=LegChange(leg.position, status=LegStatus.DIALING)
            )  # 1 was pressed
    requests = []
    for position in range(3):
        for seq, status in enumerate(LEG_EVENTS):
            params = {"CallStatus": status, "SequenceNumber": str(seq), "CallSid": f"CH{position}"}
            if status == "completed":
                params["CallDuration"] = "30"
            requests.append(
                ("leg", position, Hook("c1", params, path=f"/twilio/calls/c1/legs/{position}/status"))
            )
        dial = {"DialCallStatus": "completed", "DialCallSid": f"CH{position}", "DialCallDuration": "30"}
        requests.append(
            ("dialed", position, Hook("c1", dial, path=f"/twilio/calls/c1/legs/{position}/dialed"))
        )
    for seq, status in enumerate(CALL_EVENTS):
        extra = {"CallDuration": "200"} if status == "completed" else {}
        requests.append(
            (
                "call",
                0,
                Hook(
                    "c1",
                    {"CallStatus": status, "SequenceNumber": str(seq), **extra},
                    "/twilio/calls/c1/status",
                ),
            )
        )
    doubled = requests * 2 + [(kind, pos, Hook(h.call_id, h.params)) for kind, pos, h in requests]
    random.Random(7).shuffle(doubled)

    def send(item: tuple[str, int, Hook]) -> str:
        kind, position, hook = item
        if kind == "leg":
            return handle_leg_status(engine, settings=settings, hook=hook, position=position)
        if kind == "dialed":
            return handle_dialed(engine, settings=settings, hook=hook, position=position)
        return handle_call_status(engine, settings=settings, hook=hook)

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(send, doubled))
    assert all(answer.startswith("<?xml") for answer in answers)
    with Session(engine) as session:
        loaded = load_call(session, call_id="c1")
        assert loaded is not None
        assert (loaded.call.status, loaded.call.sequence_number, loaded.call.duration_seconds) == (
            "completed",
            3,
            200,
        )
        for leg in loaded.legs:
            assert (leg.status, leg.twilio_status, leg.sequence_number) == ("completed", "completed", 3)
            assert (leg.dial_call_status, leg.dial_call_sid, leg.duration_seconds) == (
                "completed",
                f"CH{leg.position}",
                30,
            )
            assert leg.answered_at is not None
    engine.dispose()
