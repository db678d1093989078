"""What each Twilio webhook does to a call, and the TwiML it answers with.

Every handler runs in one short write transaction with the call's row locked: it looks up the
request's idempotency token (a retried request gets the very answer it got the first time),
decides the next step with app.calls.bridge, records the changes, stores the receipt and
answers. No network I/O happens here: targets were resolved before the call was placed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session

from app.calls.bridge import (
    Goodbye,
    LegChange,
    Step,
    Transition,
    first_step,
    on_consent,
    on_dial_result,
    on_survey,
)
from app.calls.call_records import LoadedCall, load_call
from app.calls.progress import advance_call, apply_changes
from app.calls.twiml import CallUrls, DialSettings, empty_response, render_fallback, render_step
from app.db import write_scope
from app.models import CallSession, WebhookReceipt, utcnow
from app.settings import Settings

LEG_STATUS_FROM_TWILIO = {"queued": "dialing", "initiated": "dialing", "ringing": "ringing"}
Decision = Callable[[Session, LoadedCall], Step | None]


@dataclass(frozen=True)
class Hook:
    """One verified Twilio request: which call it is about and its form parameters."""

    call_id: str
    params: dict[str, str]
    token: str | None = None

    def number(self, name: str) -> int | None:
        value = self.params.get(name, "")
        return int(value) if value.isdigit() else None


def handle_answer(engine: Engine, settings: Settings, hook: Hook) -> str:
    def decide(session: Session, loaded: LoadedCall) -> Step:
        advance_call(session, loaded, status="in-progress")
        return _apply(session, loaded, first_step(loaded.views()))

    return run_hook(engine, settings, hook, decide)


def handle_consent(engine: Engine, settings: Settings, hook: Hook, *, position: int) -> str:
    return _keypad_hook(engine, settings, hook, position, on_consent)


def handle_dialed(engine: Engine, settings: Settings, hook: Hook, *, position: int) -> str:
    def transition(loaded: LoadedCall) -> Transition:
        return on_dial_result(
            loaded.views(),
            position=position,
            dial_status=hook.params.get("DialCallStatus", "failed"),
            dial_sid=hook.params.get("DialCallSid") or None,
            duration=hook.number("DialCallDuration"),
        )

    return _leg_hook(engine, settings, hook, position, transition)


def handle_survey(engine: Engine, settings: Settings, hook: Hook, *, position: int) -> str:
    return _keypad_hook(engine, settings, hook, position, on_survey)


def handle_leg_status(engine: Engine, settings: Settings, hook: Hook, *, position: int) -> str:
    """The office leg's own status callback (forward-only by SequenceNumber)."""
    twilio_status = hook.params.get("CallStatus", "")

    def decide(session: Session, loaded: LoadedCall) -> None:
        now = utcnow()
        change = LegChange(
            position,
            status=LEG_STATUS_FROM_TWILIO.get(twilio_status, twilio_status),
            twilio_status=twilio_status,
            sequence_number=hook.number("SequenceNumber"),
            dial_call_sid=hook.params.get("CallSid") or None,
            duration_seconds=hook.number("CallDuration"),
            answered_at=now if twilio_status == "in-progress" else None,
        )
        apply_changes(session, loaded, [change])

    return run_hook(engine, settings, hook, decide)


def handle_call_status(engine: Engine, settings: Settings, hook: Hook) -> str:
    """The constituent's call's status callback; a final status closes the call."""

    def decide(session: Session, loaded: LoadedCall) -> None:
        advance_call(
            session,
            loaded,
            status=hook.params.get("CallStatus", ""),
            sequence=hook.number("SequenceNumber"),
            duration=hook.number("CallDuration"),
        )

    return run_hook(engine, settings, hook, decide)


def handle_fallback(engine: Engine, hook: Hook) -> str:
    """Twilio could not use our answer: apologise in the call's language. Changes nothing."""
    with Session(engine) as session:
        call = session.get(CallSession, hook.call_id)
        return render_fallback(language=call.language if call else "en")


def run_hook(engine: Engine, settings: Settings, hook: Hook, decide: Decision) -> str:
    """Run `decide` once per request (by idempotency token) and answer with its step's TwiML."""
    with write_scope(engine) as session:
        loaded = load_call(session, call_id=hook.call_id, for_update=True)
        if loaded is None:
            return render_call_step(None, Goodbye("unknown-call"), settings)
        if hook.token:
            seen = session.get(WebhookReceipt, hook.token)
            if seen is not None:
                return seen.response
        step = decide(session, loaded)
        body = empty_response() if step is None else render_call_step(loaded.call, step, settings)
        if hook.token:
            session.add(WebhookReceipt(token=hook.token, response=body))
        return body


def render_call_step(call: CallSession | None, step: Step, settings: Settings) -> str:
    caller_id = settings.twilio_from_number
    if call is not None and settings.call_caller_id == "caller" and call.caller_phone:
        caller_id = call.caller_phone
    return render_step(
        step,
        urls=CallUrls(settings.public_base_url, call.id if call else "unknown"),
        language=call.language if call else "en",
        dial=DialSettings(
            caller_id=caller_id,
            ring_timeout_seconds=settings.call_ring_timeout_seconds,
            time_limit_seconds=settings.call_leg_time_limit_seconds,
        ),
    )


def _leg_hook(
    engine: Engine,
    settings: Settings,
    hook: Hook,
    position: int,
    transition: Callable[[LoadedCall], Transition],
) -> str:
    def decide(session: Session, loaded: LoadedCall) -> Step:
        if loaded.leg(position) is None:
            return Goodbye("unknown-call")
        return _apply(session, loaded, transition(loaded))

    return run_hook(engine, settings, hook, decide)


def _keypad_hook(
    engine: Engine, settings: Settings, hook: Hook, position: int, machine: Callable[..., Transition]
) -> str:
    """A <Gather> action: the digits pressed at leg `position`, given to `machine`."""
    digits = hook.params.get("Digits", "")
    return _leg_hook(
        engine,
        settings,
        hook,
        position,
        lambda loaded: machine(loaded.views(), position=position, digits=digits),
    )


def _apply(session: Session, loaded: LoadedCall, transition: Transition) -> Step:
    apply_changes(session, loaded, transition.changes)
    return transition.step
