"""What each Twilio webhook does to a call, and the TwiML it answers with.

Every handler runs in one short write transaction with the call's row locked: it reads the call
(app.calls.call_rows: prebuilt statements, no unit of work), looks up the request's receipt
(app.calls.receipts: a repeated request gets the very answer it got first), decides the next step
with app.calls.bridge, writes back what changed, stores the receipt and answers. No network I/O
happens here: targets were resolved before the call was placed.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session

from app.calls.bridge import (
    Connect,
    Goodbye,
    LegChange,
    Redial,
    Step,
    Transition,
    first_step,
    on_consent,
    on_dial_result,
    on_rehearsed,
    on_survey,
)
from app.calls.call_records import LoadedCall
from app.calls.call_rows import load_tracked_call, save_tracked_call
from app.calls.office_tries import finish_try, mark_full_mailbox, note_try_outcome, start_try
from app.calls.progress import advance_call, apply_changes
from app.calls.receipts import CALLER_ID_SLOT, fill_caller_id, receipt_key, store_answer, stored_answer
from app.calls.twiml import CallUrls, DialSettings, empty_response, render_fallback, render_step
from app.kernel.clock import utcnow
from app.kernel.vocabulary import CallMethod, CallStatus, LegStatus, Outcome
from app.models.call_fields import CallFields, LegFields
from app.models.calls import CallSession
from app.settings import Settings
from app.storage.db import write_connection
from app.storage.sqlite_writer import WAIT_FOR_TURN, WriteTurn

# Twilio's counters and durations fit in nine digits; anything longer is not from Twilio.
MAX_NUMBER_DIGITS = 9
# The values Twilio documents for a voice webhook's CallStatus and for <Dial>'s DialCallStatus.
# Twilio signs the names and values run together, so a captured request can be re-split
# (`CallStatus=in-progress&Digits=1` → `CallStatus=in-progressDigits1`) and still verify: a status
# Twilio never sends marks such a request, which is answered without touching anything.
TWILIO_CALL_STATUSES = frozenset(
    {"queued", "initiated", "ringing", "in-progress", "completed", "busy", "no-answer", "canceled", "failed"}
)
TWILIO_DIAL_CALL_STATUSES = frozenset({"completed", "answered", "busy", "no-answer", "canceled", "failed"})
Decision = Callable[[Session, LoadedCall], Step | None]


@dataclass(frozen=True)
class Hook:
    """One verified Twilio request: which call it is about and its form parameters."""

    call_id: str
    params: dict[str, str]
    path: str = ""

    def number(self, name: str) -> int | None:
        """A non-negative count Twilio sent (ASCII digits, at most nine), else None."""
        return bounded_number(self.params.get(name, ""))


def documented_statuses(params: Mapping[str, str]) -> bool:
    """Every status the request carries is one Twilio documents (a request may carry none)."""
    return all(
        params[name] in allowed
        for name, allowed in (
            ("CallStatus", TWILIO_CALL_STATUSES),
            ("DialCallStatus", TWILIO_DIAL_CALL_STATUSES),
        )
        if name in params
    )


def bounded_number(value: str) -> int | None:
    if not value.isascii() or not value.isdigit() or len(value) > MAX_NUMBER_DIGITS:
        return None
    return int(value)


def handle_answer(engine: Engine, *, settings: Settings, hook: Hook, turn: WriteTurn = WAIT_FOR_TURN) -> str:
    def decide(session: Session, loaded: LoadedCall) -> Step:
        advance_call(session, loaded=loaded, status=CallStatus.IN_PROGRESS)
        return _apply(session, loaded, first_step(loaded.views(), rehearsal=_rehearsal(loaded)))

    return run_hook(engine, settings=settings, hook=hook, decide=decide, turn=turn)


def handle_consent(
    engine: Engine, *, settings: Settings, hook: Hook, position: int, turn: WriteTurn = WAIT_FOR_TURN
) -> str:
    """The key pressed at a leg's prompt (1 connects, * skips); in a test call's rehearsal, any
    key (or none) goes on to the next leg and nothing is ever dialed."""
    digits = hook.params.get("Digits", "")

    def transition(_session: Session, loaded: LoadedCall) -> Transition:
        if _rehearsal(loaded):
            return on_rehearsed(loaded.views(), position=position)
        return on_consent(loaded.views(), position=position, digits=digits)

    return _leg_hook(engine, settings, hook, position, transition, turn)


def _rehearsal(loaded: LoadedCall) -> bool:
    return not CallMethod(loaded.call.mode).dials_offices


def handle_dialed(
    engine: Engine,
    *,
    settings: Settings,
    hook: Hook,
    position: int,
    attempt: int = 0,
    turn: WriteTurn = WAIT_FOR_TURN,
) -> str:
    """The Dial action of the leg's try `attempt`: the try's result is kept, then the state machine
    says what comes next (the survey, the target's next office, or the next target)."""
    dial_status = hook.params.get("DialCallStatus", LegStatus.FAILED)

    def transition(session: Session, loaded: LoadedCall) -> Transition:
        finish_try(
            session,
            call_id=loaded.call.id,
            position=position,
            attempt=attempt,
            status=LegStatus.from_dial(dial_status),
            duration=hook.number("DialCallDuration"),
            now=utcnow(),
        )
        return on_dial_result(
            loaded.views(),
            position=position,
            attempt=attempt,
            dial_status=dial_status,
            dial_sid=hook.params.get("DialCallSid") or None,
            duration=hook.number("DialCallDuration"),
            max_tries=settings.call_max_tries_per_target,
        )

    return _leg_hook(engine, settings, hook, position, transition, turn)


def handle_survey(
    engine: Engine,
    *,
    settings: Settings,
    hook: Hook,
    position: int,
    attempt: int = 0,
    turn: WriteTurn = WAIT_FOR_TURN,
) -> str:
    """The key pressed after a conversation; 4 (a full mailbox) also marks the number unhealthy."""
    digits = hook.params.get("Digits", "")

    def transition(session: Session, loaded: LoadedCall) -> Transition:
        leg = loaded.leg(position)
        if Outcome.from_keypad(digits) is Outcome.MAILBOX_FULL and leg is not None and leg.attempt == attempt:
            _note_mailbox_full(session, settings, call_id=loaded.call.id, leg=leg)
        return on_survey(
            loaded.views(),
            position=position,
            attempt=attempt,
            digits=digits,
            max_tries=settings.call_max_tries_per_target,
        )

    return _leg_hook(engine, settings, hook, position, transition, turn)


def _note_mailbox_full(session: Session, settings: Settings, *, call_id: str, leg: LegFields) -> None:
    if LegStatus(leg.status).is_active or not leg.office_phone:
        return
    note_try_outcome(
        session, call_id=call_id, position=leg.position, attempt=leg.attempt, outcome=Outcome.MAILBOX_FULL
    )
    mark_full_mailbox(session, settings=settings, phone=leg.office_phone)


def handle_leg_status(
    engine: Engine,
    *,
    settings: Settings,
    hook: Hook,
    position: int,
    attempt: int = 0,
    turn: WriteTurn = WAIT_FOR_TURN,
) -> str:
    """The office leg's own status callback (forward-only by SequenceNumber); one about an
    earlier try of the leg (another office) changes nothing."""
    twilio_status = hook.params.get("CallStatus", "")

    def decide(session: Session, loaded: LoadedCall) -> None:
        leg = loaded.leg(position)
        if leg is None or leg.attempt != attempt:
            return
        now = utcnow()
        change = LegChange(
            position,
            status=LegStatus.from_twilio(twilio_status),
            twilio_status=twilio_status,
            sequence_number=hook.number("SequenceNumber"),
            dial_call_sid=hook.params.get("CallSid") or None,
            duration_seconds=hook.number("CallDuration"),
            answered_at=now if twilio_status == LegStatus.IN_PROGRESS else None,
        )
        apply_changes(session, loaded=loaded, changes=[change])

    return run_hook(engine, settings=settings, hook=hook, decide=decide, turn=turn)


def handle_call_status(
    engine: Engine, *, settings: Settings, hook: Hook, turn: WriteTurn = WAIT_FOR_TURN
) -> str:
    """The constituent's call's status callback; a final status closes the call."""

    def decide(session: Session, loaded: LoadedCall) -> None:
        advance_call(
            session,
            loaded=loaded,
            status=hook.params.get("CallStatus", ""),
            sequence=hook.number("SequenceNumber"),
            duration=hook.number("CallDuration"),
        )

    return run_hook(engine, settings=settings, hook=hook, decide=decide, turn=turn)


def handle_fallback(engine: Engine, *, hook: Hook) -> str:
    """Twilio could not use our answer: apologise in the call's language. Changes nothing."""
    with Session(engine) as session:
        call = session.get(CallSession, hook.call_id)
        return render_fallback(language=call.language if call else "en")


def run_hook(
    engine: Engine,
    *,
    settings: Settings,
    hook: Hook,
    decide: Decision,
    attempt: Callable[[LoadedCall], str] | None = None,
    turn: WriteTurn = WAIT_FOR_TURN,
) -> str:
    """Run `decide` once per signed request (see app.calls.receipts) and answer with its step's TwiML.

    `attempt` tells apart requests that are legitimately identical (a caller typing the same
    wrong ZIP code twice): it names the call's state they answer, and is part of the receipt key.
    A request with a status Twilio never sends is answered with nothing and changes nothing.
    `turn` says how its write transaction gets its turn (app.storage.sqlite_writer).
    """
    if not documented_statuses(hook.params):
        return empty_response()
    with write_connection(engine, turn=turn) as connection:
        tracked = load_tracked_call(connection, call_id=hook.call_id, for_update=True)
        if tracked is None:
            return render_call_step(None, step=Goodbye("unknown-call"), settings=settings)
        loaded = tracked.loaded
        key = receipt_key(path=hook.path, params=hook.params, attempt=attempt(loaded) if attempt else "")
        body = stored_answer(connection, key=key)
        if body is None:
            # The domain code's own writes (counters, added legs) go through a session on this
            # connection, flushed here; the transaction stays the connection's.
            with Session(bind=connection, join_transaction_mode="rollback_only") as session:
                step = decide(session, loaded)
                session.flush()
            body = (
                empty_response()
                if step is None
                else render_call_step(loaded.call, step=step, settings=settings, caller_id=CALLER_ID_SLOT)
            )
            save_tracked_call(connection, tracked=tracked)
            store_answer(connection, key=key, twiml=body)
        return fill_caller_id(body, caller_id=caller_id_for(loaded.call, settings=settings))


def caller_id_for(call: CallFields | None, *, settings: Settings) -> str:
    """The number an office sees: the constituent's own while the call runs, or our number."""
    if call is not None and settings.call_caller_id == "caller" and call.caller_phone:
        return call.caller_phone
    return settings.twilio_from_number


def render_call_step(
    call: CallFields | None, *, step: Step, settings: Settings, caller_id: str | None = None
) -> str:
    caller_id = caller_id or caller_id_for(call, settings=settings)
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
    transition: Callable[[Session, LoadedCall], Transition],
    turn: WriteTurn,
) -> str:
    def decide(session: Session, loaded: LoadedCall) -> Step:
        if loaded.leg(position) is None:
            return Goodbye("unknown-call")
        return _apply(session, loaded, transition(session, loaded))

    return run_hook(engine, settings=settings, hook=hook, decide=decide, turn=turn)


def _apply(session: Session, loaded: LoadedCall, transition: Transition) -> Step:
    """Write the transition's changes; a step that dials an office stores that try."""
    apply_changes(session, loaded=loaded, changes=transition.changes)
    step = transition.step
    if isinstance(step, Connect | Redial) and step.leg.office_phone:
        leg = loaded.leg(step.leg.position)
        start_try(
            session,
            call_id=loaded.call.id,
            position=step.leg.position,
            attempt=step.leg.attempt,
            target_id=leg.target_id if leg else "",
            phone=step.leg.office_phone,
            now=utcnow(),
        )
    return step
