"""The one place where a call leg's status and outcome are written.

Rules that make every callback safe to repeat or reorder:
- a leg's `status` only moves forward (pending → prompted → dialing → ringing → in-progress →
  a final status), and the first final status wins, except one inferred when the call ended
  (app.calls.bridge.on_call_ended): what Twilio itself then reports about the leg replaces it;
- Twilio's own `twilio_status` only moves forward by `SequenceNumber`;
- an outcome from the keypad beats one from the web page, which beats one inferred from the call;
  the keypad's first answer stands, the web page may correct its own;
- a new try at another office of the target (a higher `attempt`) starts the leg's call over:
  what Twilio said of the last try is set aside (kept on its app.calls.office_tries row), and
  callbacks about an earlier try never reach the leg.

Every change of a constituent's leg is also counted for the tallies (app.tallies.count_leg_change)
and told to the organizations listening (app.webhooks.leg_events: an outbox row) in the same
transaction; an organizer's test call is neither (`CallMethod.counted`).
"""

from dataclasses import dataclass, fields

from sqlmodel import Session

from app.calls.bridge import LegChange
from app.calls.counting import leg_facts
from app.kernel.clock import utcnow
from app.kernel.vocabulary import CallMethod, LegStatus, OutcomeSource
from app.models.call_fields import CallFields, LegFields
from app.models.calls import CallSession
from app.tallies import count_leg_change
from app.webhooks.leg_events import announce_leg_change

_DIAL_RESULTS = frozenset(status.value for status in LegStatus if status.is_dial_result)


@dataclass(frozen=True)
class LegState:
    status: str
    outcome: str | None
    outcome_source: str | None
    twilio_status: str | None
    dial_call_status: str | None
    duration_seconds: int | None


_STATE_FIELDS = tuple(field.name for field in fields(LegState))


@dataclass(frozen=True)
class LegUpdate:
    leg_id: int
    session_id: str
    target_id: str
    before: LegState
    after: LegState

    @property
    def changed(self) -> bool:
        return self.before != self.after


def update_leg(
    session: Session, *, leg: LegFields, change: LegChange, call: CallFields | None = None
) -> LegUpdate:
    """Apply `change` to `leg` (of `call`, read when not given) forward-only; the caller commits.

    `leg` is either tracked by the session (flushed with it) or loaded by app.calls.call_rows
    (written back by its caller); the counters are written here either way.
    """
    call = call or session.get(CallSession, leg.session_id)
    assert call is not None, "a leg always belongs to a stored call session"
    before = leg_state(leg)
    counted = CallMethod(call.mode).counted
    before_facts = leg_facts(call, leg=leg) if counted else None
    _start_new_try(leg, change)
    _reopen_inferred_close(leg, change)
    _apply_status(leg, change)
    _apply_twilio_status(leg, change)
    _apply_dial_result(leg, change)
    _apply_outcome(leg, change)
    _apply_times(leg, change)
    if counted:
        count_leg_change(session, before=before_facts, after=leg_facts(call, leg=leg))
        announce_leg_change(
            session, call=call, leg=leg, status_before=before.status, outcome_before=before.outcome
        )
    assert leg.id is not None
    return LegUpdate(leg.id, leg.session_id, leg.target_id, before, leg_state(leg))


def leg_state(leg: LegFields) -> LegState:
    return LegState(*(getattr(leg, name) for name in _STATE_FIELDS))


def _start_new_try(leg: LegFields, change: LegChange) -> None:
    if change.attempt is None or change.attempt <= leg.attempt or change.office_phone is None:
        return
    leg.attempt, leg.office_phone = change.attempt, change.office_phone
    leg.status, leg.twilio_status, leg.sequence_number = LegStatus.DIALING, None, -1
    leg.dial_call_sid, leg.dial_call_status, leg.duration_seconds = None, None, None
    leg.outcome, leg.outcome_source = None, None
    leg.answered_at, leg.ended_at = None, None


def _reopen_inferred_close(leg: LegFields, change: LegChange) -> None:
    """Twilio's own word on a leg closed only because its call ended (callbacks race) wins."""
    inferred = (
        leg.status in (LegStatus.CANCELED, LegStatus.COMPLETED)
        and leg.dial_call_status is None
        and leg.twilio_status not in _DIAL_RESULTS
        and leg.outcome_source in (None, OutcomeSource.CALL)
    )
    reported = change.dial_call_status is not None or change.twilio_status in _DIAL_RESULTS
    if inferred and reported:
        leg.status = LegStatus.IN_PROGRESS if leg.answered_at else LegStatus.RINGING
        leg.outcome = None
        leg.outcome_source = None


def _apply_status(leg: LegFields, change: LegChange) -> None:
    if change.status is None or LegStatus(leg.status).is_final:
        return
    if LegStatus.rank(change.status) > LegStatus.rank(leg.status):
        leg.status = change.status
        if change.status.is_final and leg.ended_at is None:
            leg.ended_at = change.ended_at or utcnow()
        if change.status == LegStatus.DIALING and leg.started_at is None:
            leg.started_at = utcnow()


def _apply_twilio_status(leg: LegFields, change: LegChange) -> None:
    if change.twilio_status is None:
        return
    sequence = change.sequence_number if change.sequence_number is not None else leg.sequence_number + 1
    if sequence > leg.sequence_number:
        leg.twilio_status = change.twilio_status
        leg.sequence_number = sequence
    if change.duration_seconds is not None and leg.duration_seconds is None:
        leg.duration_seconds = change.duration_seconds


def _apply_dial_result(leg: LegFields, change: LegChange) -> None:
    if change.dial_call_status is not None and leg.dial_call_status is None:
        leg.dial_call_status = change.dial_call_status
        leg.duration_seconds = change.duration_seconds
    if change.dial_call_sid and not leg.dial_call_sid:
        leg.dial_call_sid = change.dial_call_sid


def _apply_outcome(leg: LegFields, change: LegChange) -> None:
    if change.outcome is None or change.outcome_source is None:
        return
    new = change.outcome_source.precedence
    old = OutcomeSource(leg.outcome_source).precedence if leg.outcome_source else 0
    if new > old or (new == old and change.outcome_source == OutcomeSource.WEB):
        leg.outcome = change.outcome
        leg.outcome_source = change.outcome_source


def _apply_times(leg: LegFields, change: LegChange) -> None:
    if change.started_at and leg.started_at is None:
        leg.started_at = change.started_at
    if change.answered_at and leg.answered_at is None:
        leg.answered_at = change.answered_at
    if change.ended_at and leg.ended_at is None:
        leg.ended_at = change.ended_at
