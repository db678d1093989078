"""Moving a call session forward: its Twilio status, its end, and the leg changes a step decided.

These change the loaded call and legs in place; the session flushes the ones it tracks, and a
webhook writes back the ones it loaded itself (app.calls.call_rows). Counters are written here.
"""

from datetime import datetime

from sqlmodel import Session

from app.calls.bridge import LegChange, on_call_ended
from app.calls.call_records import LoadedCall
from app.calls.outcomes import LegUpdate, update_leg
from app.kernel.clock import utcnow
from app.kernel.vocabulary import FINAL_CALL_STATUSES, CallStatus


def apply_changes(session: Session, *, loaded: LoadedCall, changes: list[LegChange]) -> list[LegUpdate]:
    updates = []
    for change in changes:
        leg = loaded.leg(change.position)
        if leg is not None:
            updates.append(update_leg(session, call=loaded.call, leg=leg, change=change))
    return updates


def advance_call(
    session: Session,
    *,
    loaded: LoadedCall,
    status: str,
    sequence: int | None = None,
    duration: int | None = None,
    now: datetime | None = None,
) -> None:
    """Record a status of the constituent's call; late or repeated statuses change nothing."""
    call = loaded.call
    moment = now or utcnow()
    if sequence is not None:
        if sequence <= call.sequence_number:
            return
        call.sequence_number = sequence
    call.twilio_status = status
    if call.status in FINAL_CALL_STATUSES or CallStatus.rank(status) <= CallStatus.rank(call.status):
        return
    call.status = status
    if status == CallStatus.IN_PROGRESS and call.answered_at is None:
        call.answered_at = moment
    if status in FINAL_CALL_STATUSES:
        finish_call(session, loaded=loaded, duration=duration, now=moment)


def finish_call(session: Session, *, loaded: LoadedCall, duration: int | None, now: datetime) -> None:
    """The call is over: close the legs never reached and forget the phone number (the hash stays)."""
    call = loaded.call
    call.ended_at = call.ended_at or now
    if duration is not None:
        call.duration_seconds = duration
    call.caller_phone = None
    apply_changes(session, loaded=loaded, changes=on_call_ended(loaded.views()))


def fail_call(session: Session, *, loaded: LoadedCall, error_code: str) -> None:
    """The call could not be placed: it ends at once and no leg was attempted."""
    loaded.call.error_code = error_code
    loaded.call.status = CallStatus.FAILED
    finish_call(session, loaded=loaded, duration=None, now=utcnow())
