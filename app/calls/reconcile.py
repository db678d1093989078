"""`switchboard calls reconcile`: ask Twilio how calls ended when their callbacks never came.

Twilio is asked before anything is concluded: by the call's SID when we recorded it, else (the
process stopped while `calls.create` was in flight) by the number called and the day it started.
Only when Twilio has no such call did it never ring. A leg left waiting at its prompt is recorded
as `interrupted`, never as the constituent's choice.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import col, or_, select

from app.calls.bridge import LegChange
from app.calls.call_records import LoadedCall, load_call
from app.calls.limits import PLACED_MODES
from app.calls.placing import WAITING, WAITING_LIMIT
from app.calls.progress import advance_call, apply_changes, fail_call
from app.calls.telephony import CallRecord, Telephony
from app.kernel.errors import TelephonyError
from app.kernel.vocabulary import LIVE_CALL_STATUSES, LegStatus, Outcome
from app.models.calls import CallLeg, CallSession
from app.storage.db import session_scope, write_scope

# How long before we recorded a call Twilio may say it started (clocks differ a little).
PLACING_SLACK = timedelta(minutes=2)


@dataclass
class ReconcileReport:
    checked: int = 0
    closed: int = 0
    errors: list[str] = field(default_factory=list)


def reconcile_calls(
    engine: Engine, *, telephony: Telephony, older_than: timedelta, now: datetime
) -> ReconcileReport:
    """Close calls still open `older_than` after they began, from the provider's own records."""
    report = ReconcileReport()
    for stale in _stale_calls(engine, before=now - older_than, waiting_before=now - WAITING_LIMIT):
        report.checked += 1
        call_id, call_sid = stale.id, stale.call_sid
        try:
            call_sid = call_sid or _find_placed(engine, telephony, stale)
            if call_sid is None:
                # Recorded, but Twilio never took it: it never rang.
                _close(engine, call_id, None, [])
                report.closed += 1
                continue
            record = telephony.fetch_call(call_sid)
            children = telephony.child_calls(call_sid) if record.is_final else []
        except TelephonyError as error:
            report.errors.append(f"{call_id}: {error.message}")
            continue
        if record.is_final:
            _close(engine, call_id, record, children)
            report.closed += 1
    return report


@dataclass(frozen=True)
class StaleCall:
    id: str
    call_sid: str | None
    caller_phone: str | None
    created_at: datetime


def _stale_calls(engine: Engine, *, before: datetime, waiting_before: datetime) -> list[StaleCall]:
    with session_scope(engine) as session:
        rows = session.exec(
            select(CallSession.id, CallSession.call_sid, CallSession.caller_phone, CallSession.created_at)
            .where(col(CallSession.mode).in_(PLACED_MODES))
            .where(col(CallSession.status).in_(LIVE_CALL_STATUSES))
            .where(col(CallSession.created_at) < before)
            .where(or_(col(CallSession.status) != WAITING, col(CallSession.created_at) < waiting_before))
        ).all()
    return [StaleCall(*row) for row in rows]


def _find_placed(engine: Engine, telephony: Telephony, stale: StaleCall) -> str | None:
    """The SID of the call Twilio placed for a session that never learned it, recorded; or None."""
    if not stale.caller_phone:
        return None
    since = stale.created_at - PLACING_SLACK
    candidates = [
        record
        for record in telephony.calls_to(stale.caller_phone, started_on_or_after=since.date())
        if record.parent_sid is None and (record.start_time is None or record.start_time >= since)
    ]
    if not candidates:
        return None
    found = min(candidates, key=lambda r: r.start_time or stale.created_at)
    with write_scope(engine) as session:
        call = session.get(CallSession, stale.id)
        if call is not None and call.call_sid is None:
            call.call_sid = found.sid
            session.add(call)
    return found.sid


def _close(engine: Engine, call_id: str, record: CallRecord | None, children: list[CallRecord]) -> None:
    with write_scope(engine) as session:
        loaded = load_call(session, call_id=call_id, for_update=True)
        if loaded is None:
            return
        if record is None:
            fail_call(session, loaded=loaded, error_code="not_placed")
            return
        apply_changes(session, loaded=loaded, changes=_leg_changes(loaded, children))
        apply_changes(session, loaded=loaded, changes=_interrupted(loaded))
        advance_call(session, loaded=loaded, status=record.status, duration=record.duration_seconds)


def _interrupted(loaded: LoadedCall) -> list[LegChange]:
    """A leg still at its prompt: we never heard the key or the hang-up, so no one's choice is assumed."""
    return [
        LegChange(
            leg.position,
            status=LegStatus.INTERRUPTED,
            outcome=Outcome.NOT_ATTEMPTED,
            outcome_source="call",
        )
        for leg in loaded.legs
        if leg.status == LegStatus.PROMPTED
    ]


def _leg_changes(loaded: LoadedCall, children: list[CallRecord]) -> list[LegChange]:
    changes = []
    for leg in loaded.legs:
        child = _child_for(leg, children)
        if child is None or not child.is_final:
            continue
        status = LegStatus(child.status)
        outcome = status.dial_outcome
        changes.append(
            LegChange(
                leg.position,
                status=status,
                twilio_status=child.status,
                dial_call_sid=child.sid,
                duration_seconds=child.duration_seconds,
                outcome=outcome,
                outcome_source="call" if outcome else None,
            )
        )
    return changes


def _child_for(leg: CallLeg, children: list[CallRecord]) -> CallRecord | None:
    if leg.dial_call_sid:
        return next((c for c in children if c.sid == leg.dial_call_sid), None)
    if LegStatus(leg.status).is_active:
        return next((c for c in children if c.to == leg.office_phone), None)
    return None
