"""`switchboard calls reconcile`: ask Twilio how calls ended when their callbacks never came.

Twilio is asked before anything is concluded: by the call's SID when we recorded it, else (a
`calls.create` that timed out, or a process that stopped while it was in flight) among the calls
to the number called that Twilio created after we sent `calls.create` and that no other call of
ours has claimed. Such a call is asked about as soon as its request is surely over
(PLACEMENT_SETTLED); only when Twilio has no such call did it never ring. A leg left waiting at its
prompt is recorded as `interrupted`, never as the constituent's choice. One call that cannot be
reconciled is reported and the others still are.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import and_, col, or_, select

from app.calls.bridge import LegChange
from app.calls.call_records import LoadedCall, load_call
from app.calls.placing import WAITING, WAITING_LIMIT
from app.calls.progress import advance_call, apply_changes, fail_call
from app.calls.telephony import CallRecord, Telephony
from app.kernel.errors import TelephonyError
from app.kernel.vocabulary import (
    LIVE_CALL_STATUSES,
    PLACED_METHODS,
    CallStatus,
    LegStatus,
    Outcome,
    OutcomeSource,
)
from app.models.call_fields import LegFields
from app.models.calls import CallSession
from app.storage.db import session_scope, write_scope

log = logging.getLogger("switchboard")
# How long after `calls.create` was sent its answer, if any, has surely come (the request's
# timeout is seconds): a call still without a SID then is asked about.
PLACEMENT_SETTLED = timedelta(minutes=2)
# How far Twilio's clock and ours may disagree.
CLOCK_SLACK = timedelta(seconds=30)


@dataclass
class ReconcileReport:
    checked: int = 0
    closed: int = 0
    errors: list[str] = field(default_factory=list)


def reconcile_calls(
    engine: Engine, *, telephony: Telephony, older_than: timedelta, now: datetime
) -> ReconcileReport:
    """Close calls still open `older_than` after they began, from the provider's own records.

    A call whose placing went unanswered is looked up once PLACEMENT_SETTLED has passed. A call
    that fails to reconcile (Twilio unreachable, a row we cannot read) is logged and listed in
    `errors`; the others go on.
    """
    report = ReconcileReport()
    stale_calls = _stale_calls(
        engine,
        before=now - older_than,
        waiting_before=now - WAITING_LIMIT,
        dialed_before=now - PLACEMENT_SETTLED,
    )
    for stale in stale_calls:
        report.checked += 1
        try:
            report.closed += _reconcile_call(engine, telephony, stale)
        except TelephonyError as error:
            report.errors.append(f"{stale.id}: {error.message}")
        except Exception as error:  # one bad row must not stop the others: logged, and on we go
            log.exception("reconcile: call %s could not be reconciled", stale.id)
            report.errors.append(f"{stale.id}: {type(error).__name__}: {error}")
    return report


@dataclass(frozen=True)
class StaleCall:
    id: str
    status: str
    call_sid: str | None
    caller_phone: str | None
    created_at: datetime
    dialed_at: datetime | None


def _reconcile_call(engine: Engine, telephony: Telephony, stale: StaleCall) -> bool:
    """Whether the call could be closed (it may still be running at Twilio)."""
    call_sid = stale.call_sid or _find_placed(engine, telephony, stale)
    if call_sid is None:
        # Recorded, but Twilio never took it: it never rang.
        _close(engine, stale.id, None, [])
        return True
    record = telephony.fetch_call(call_sid)
    if not record.is_final:
        return False
    _close(engine, stale.id, record, telephony.child_calls(call_sid))
    return True


def _stale_calls(
    engine: Engine, *, before: datetime, waiting_before: datetime, dialed_before: datetime
) -> list[StaleCall]:
    call = CallSession
    unanswered = and_(col(call.status) == CallStatus.DIALING, col(call.call_sid).is_(None))
    settled = or_(col(call.dialed_at).is_(None), col(call.dialed_at) < dialed_before)
    with session_scope(engine) as session:
        rows = session.exec(
            select(call)
            .where(col(call.mode).in_(PLACED_METHODS))
            .where(col(call.status).in_(LIVE_CALL_STATUSES))
            .where(
                or_(
                    and_(
                        col(call.created_at) < before,
                        or_(col(call.status) != WAITING, col(call.created_at) < waiting_before),
                    ),
                    and_(unanswered, col(call.dialed_at) < dialed_before),
                )
            )
            # A `calls.create` still in flight is not asked about: Twilio may not have the call yet.
            .where(or_(~unanswered, settled))
        ).all()
        return [
            StaleCall(row.id, row.status, row.call_sid, row.caller_phone, row.created_at, row.dialed_at)
            for row in rows
        ]


def _find_placed(engine: Engine, telephony: Telephony, stale: StaleCall) -> str | None:
    """The SID of the call Twilio placed for a call that never learned it, recorded; or None.

    Only a call to the same number, created (by Twilio's clock, give or take CLOCK_SLACK) after we
    sent `calls.create`, and not already another call's, is this one; the first such is taken.
    """
    if not stale.caller_phone or (stale.status == WAITING and stale.dialed_at is None):
        return None  # never handed to Twilio
    dialed_at = stale.dialed_at or stale.created_at
    listed = telephony.calls_to(stale.caller_phone, created_since=dialed_at - CLOCK_SLACK)
    candidates = {record.sid: record for record in listed if record.parent_sid is None}
    with write_scope(engine) as session:
        claimed = set(
            session.exec(
                select(CallSession.call_sid)
                .where(col(CallSession.call_sid).in_(list(candidates)))
                .where(CallSession.id != stale.id)
            )
        )
        free = [record for sid, record in candidates.items() if sid not in claimed]
        if not free:
            return None
        found = min(free, key=lambda record: _created_order(record, dialed_at))
        call = session.get(CallSession, stale.id)
        if call is not None and call.call_sid is None:
            call.call_sid = found.sid
            session.add(call)
    return found.sid


def _created_order(record: CallRecord, dialed_at: datetime) -> tuple[bool, datetime]:
    """Calls created after `dialed_at` first, earliest first; those inside the slack after them."""
    created = record.created_at or record.start_time or dialed_at
    return created < dialed_at, created


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
            outcome_source=OutcomeSource.CALL,
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
                outcome_source=OutcomeSource.CALL if outcome else None,
            )
        )
    return changes


def _child_for(leg: LegFields, children: list[CallRecord]) -> CallRecord | None:
    if leg.dial_call_sid:
        return next((c for c in children if c.sid == leg.dial_call_sid), None)
    if LegStatus(leg.status).is_active:
        return next((c for c in children if c.to == leg.office_phone), None)
    return None
