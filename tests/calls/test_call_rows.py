"""Webhooks read a call with prebuilt statements and write back only the rows that changed."""

from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session

from app.calls.call_records import PlannedLeg, add_legs, load_call
from app.calls.call_rows import load_tracked_call, save_tracked_call
from app.campaigns.store import load_campaign_dir
from app.kernel.vocabulary import CallMethod, Chamber
from app.models.calls import CallSession
from app.storage.db import create_db_engine, session_scope, write_scope
from tests.support import PROJECT


def stored_call(database_url: str) -> Engine:
    """Into a migrated database, the shipped campaigns and one queued call `c1`."""
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        load_campaign_dir(session, directory=PROJECT / "campaigns")
    with session_scope(engine) as session:
        session.add(
            CallSession(id="c1", campaign_slug="grace-no-ban", mode=CallMethod.BRIDGED, status="queued")
        )
        session.flush()
        legs = [
            PlannedLeg(f"T{n}", f"Name {n}", "Senator", Chamber.US_SENATE, "MA", "", f"+1617555010{n}", "Hi.")
            for n in range(3)
        ]
        add_legs(session, call_id="c1", legs=legs)
    return engine


def updates_while(engine: Engine, action: Any) -> list[str]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_changed_rows_are_written_back_and_unchanged_ones_are_not(migrated_url: str) -> None:
    engine = stored_call(migrated_url)

    def change_one_leg() -> None:
        with write_scope(engine) as session:
            tracked = load_tracked_call(session.connection(), call_id="c1", for_update=True)
            assert tracked is not None
            assert [leg.position for leg in tracked.loaded.legs] == [0, 1, 2]
            tracked.loaded.legs[1].status = "prompted"
            tracked.loaded.call.status = "in-progress"
            save_tracked_call(session.connection(), tracked=tracked)

    def change_nothing() -> None:
        with write_scope(engine) as session:
            tracked = load_tracked_call(session.connection(), call_id="c1", for_update=False)
            assert tracked is not None
            save_tracked_call(session.connection(), tracked=tracked)

    assert len(updates_while(engine, change_one_leg)) == 2  # the call and one leg
    assert updates_while(engine, change_nothing) == []
    with Session(engine) as session:
        loaded = load_call(session, call_id="c1")
        assert loaded is not None
        assert loaded.call.status == "in-progress"
        assert [leg.status for leg in loaded.legs] == ["pending", "prompted", "pending"]
        assert loaded.call.caller_phone is None
        assert loaded.legs[1].office_phone == "+16175550101"
    engine.dispose()


def test_an_unknown_call_is_none(migrated_url: str) -> None:
    engine = stored_call(migrated_url)
    with write_scope(engine) as session:
        assert load_tracked_call(session.connection(), call_id="nope", for_update=True) is None
    engine.dispose()


def set_columns(statement: str) -> list[str]:
    assignments = statement.split(" SET ", 1)[1].split(" WHERE ", 1)[0]
    return [assignment.split("=")[0].strip() for assignment in assignments.split(",")]


def test_only_the_columns_that_changed_are_written(migrated_url: str) -> None:
    engine = stored_call(migrated_url)

    def answer() -> None:
        with write_scope(engine) as session:
            tracked = load_tracked_call(session.connection(), call_id="c1", for_update=True)
            assert tracked is not None
            tracked.loaded.call.status = "in-progress"
            tracked.loaded.call.twilio_status = "in-progress"
            tracked.loaded.legs[0].status = "prompted"
            save_tracked_call(session.connection(), tracked=tracked)

    assert [set_columns(statement) for statement in updates_while(engine, answer)] == [
        ["status", "twilio_status"],
        ["status"],
    ]
    with Session(engine) as session:
        loaded = load_call(session, call_id="c1")
        assert loaded is not None
        assert (loaded.call.status, loaded.call.twilio_status) == ("in-progress", "in-progress")
        assert [leg.status for leg in loaded.legs] == ["prompted", "pending", "pending"]
        assert loaded.legs[0].office_phone == "+16175550100"
    engine.dispose()
