"""`switchboard calls reconcile`: ask Twilio how calls ended when their callbacks never came."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import col, select

from app.calls.bridge import LegChange, dial_outcome
from app.calls.call_records import LoadedCall, load_call
from app.calls.limits import LIVE_CALL_STATUSES, PLACED_MODES
from app.calls.progress import advance_call, apply_changes, fail_call
from app.calls.telephony import CallRecord, Telephony
from app.db import session_scope, write_scope
from app.errors import TelephonyError
from app.models import CallLeg, CallSession


@dataclass
class ReconcileReport:
    checked: int = 0
    closed: int = 0
    errors: list[str] = field(default_factory=list)


def reconcile_calls(
    engine: Engine, telephony: Telephony, *, older_than: timedelta, now: datetime
) -> ReconcileReport:
    """Close calls still open `older_than` after they began, from the provider's own records."""
    report = ReconcileReport()
    for call_id, call_sid in _stale_calls(engine, before=now - older_than):
        report.checked += 1
        if call_sid is None:
            # The process stopped between recording the call and placing it: it never rang.
            _close(engine, call_id, None, [])
            report.closed += 1
            continue
        try:
            record = telephony.fetch_call(call_sid)
            children = telephony.child_calls(call_sid) if record.is_final else []
        except TelephonyError as error:
            report.errors.append(f"{call_id}: {error.message}")
            continue
        if record.is_final:
            _close(engine, call_id, record, children)
            report.closed += 1
    return report


def _stale_calls(engine: Engine, *, before: datetime) -> list[tuple[str, str | None]]:
    with session_scope(engine) as session:
        rows = session.exec(
            select(CallSession.id, CallSession.call_sid)
            .where(col(CallSession.mode).in_(PLACED_MODES))
            .where(col(CallSession.status).in_(LIVE_CALL_STATUSES))
            .where(col(CallSession.created_at) < before)
        ).all()
    return [(call_id, sid) for call_id, sid in rows]


def _close(engine: Engine, call_id: str, record: CallRecord | None, children: list[CallRecord]) -> None:
    with write_scope(engine) as session:
        loaded = load_call(session, call_id=call_id, for_update=True)
        if loaded is None:
            return
        if record is None:
            fail_call(session, loaded, error_code="not_placed")
            return
        apply_changes(session, loaded, _leg_changes(loaded, children))
        advance_call(session, loaded, status=record.status, duration=record.duration_seconds)


def _leg_changes(loaded: LoadedCall, children: list[CallRecord]) -> list[LegChange]:
    changes = []
    for leg in loaded.legs:
        child = _child_for(leg, children)
        if child is None or not child.is_final:
            continue
        outcome = dial_outcome(child.status)
        changes.append(
            LegChange(
                leg.position,
                status=child.status,
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
    if leg.status in ("dialing", "ringing", "in-progress"):
        return next((c for c in children if c.to == leg.office_phone), None)
    return None
