"""Reconcile asks Twilio before concluding, and records "interrupted" rather than a choice (issue 13, 11)."""

from datetime import timedelta

from sqlmodel import Session

from app.calls.reconcile import reconcile_calls
from app.calls.telephony import TwilioTelephony
from app.kernel.clock import utcnow
from app.kernel.vocabulary import CallMethod
from app.models.calls import CallSession
from app.storage.db import create_db_engine, write_scope
from tests.calls.conftest import ACCOUNT_SID, AUTH_TOKEN, LiveApp
from tests.calls.test_click_to_call import place, stored
from tests.fakes.twilio_sim import HANG_UP, STAY, TwilioSimulator


def reconcile(app: LiveApp, sim: TwilioSimulator) -> tuple[int, int, list[str]]:
    engine = create_db_engine(app.settings.database_url)
    telephony = TwilioTelephony(
        account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, api_url=sim.base_url, timeout_seconds=5
    )
    report = reconcile_calls(
        engine, telephony=telephony, older_than=timedelta(0), now=utcnow() + timedelta(seconds=1)
    )
    engine.dispose()
    return report.checked, report.closed, report.errors


def forget_sid(app: LiveApp, call_id: str) -> None:
    """As if the process died while `calls.create` was in flight: the SID was never stored."""
    engine = create_db_engine(app.settings.database_url)
    with write_scope(engine) as session:
        call = session.get(CallSession, call_id)
        assert call is not None
        call.call_sid = None
        session.add(call)
    engine.dispose()


def test_a_call_placed_while_the_process_died_is_found_by_number_and_day(
    live_app: LiveApp, simulator: TwilioSimulator
) -> None:
    simulator.faults.drop_status_callbacks = True
    call_id, sid = place(live_app, simulator, ["1", STAY, "1", "*", "*"])
    forget_sid(live_app, call_id)
    assert reconcile(live_app, simulator) == (1, 1, [])
    call, legs = stored(live_app, call_id)
    assert (call.call_sid, call.status, call.error_code) == (sid, "completed", None)
    assert legs[0].outcome == "contact", "it rang and was answered: not failed/not_placed"


def test_a_call_twilio_never_took_is_not_placed(live_app: LiveApp, simulator: TwilioSimulator) -> None:
    engine = create_db_engine(live_app.settings.database_url)
    with write_scope(engine) as session:
        session.add(
            CallSession(
                id="lost",
                campaign_slug="grace-no-ban",
                mode=CallMethod.BRIDGED,
                status="dialing",
                caller_phone="+16175550188",
            )
        )
    engine.dispose()
    assert reconcile(live_app, simulator) == (1, 1, [])
    lost, _ = stored(live_app, "lost")
    assert (lost.status, lost.error_code, lost.caller_phone) == ("failed", "not_placed", None)


def test_twilio_unreachable_means_no_conclusion(live_app: LiveApp, simulator: TwilioSimulator) -> None:
    simulator.faults.drop_status_callbacks = True
    call_id, _ = place(live_app, simulator, ["1", STAY, "1", "*", "*"])
    forget_sid(live_app, call_id)
    simulator.stop()
    checked, closed, errors = reconcile(live_app, simulator)
    assert (checked, closed) == (1, 0)
    assert len(errors) == 1
    call, _ = stored(live_app, call_id)
    assert (call.status, call.error_code) == ("in-progress", None)


def test_a_leg_waiting_at_its_prompt_is_interrupted_not_refused(
    live_app: LiveApp, simulator: TwilioSimulator
) -> None:
    simulator.faults.drop_status_callbacks = True
    call_id, _ = place(live_app, simulator, [HANG_UP])
    call, legs = stored(live_app, call_id)
    assert (call.status, legs[0].status) == ("in-progress", "prompted")
    assert reconcile(live_app, simulator) == (1, 1, [])
    _call, legs = stored(live_app, call_id)
    assert [(leg.status, leg.outcome) for leg in legs] == [
        ("interrupted", "not-attempted"),
        ("not-attempted", "not-attempted"),
        ("not-attempted", "not-attempted"),
    ]
    engine = create_db_engine(live_app.settings.database_url)
    with Session(engine) as session:
        assert session.get(CallSession, call_id).status == "completed"  # type: ignore[union-attr]
    engine.dispose()
