"""Calls and legs as the tallies count them: every new session and leg, every change of a leg.

Called from the places that write them (app.calls.outcomes, app.calls.call_records), in the same
transaction, so the counters move exactly as the stored rows do. An organizer's test call is never
counted (`CallMethod.counted`).
"""

from collections.abc import Iterator
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from app.kernel.vocabulary import CALL_METHODS, CallMethod, LegStatus, Outcome
from app.models.call_fields import CallFields, LegFields
from app.models.calls import CallLeg, CallSession
from app.tallies import LegFacts, count_call_started, count_leg_change
from app.tallies.filters import TallyFilter


def count_new_call(session: Session, *, call: CallSession) -> None:
    if not CallMethod(call.mode).counted:
        return
    caller_key = call.caller_hash or call.browser_token_hash or call.id
    count_call_started(
        session,
        campaign=call.campaign_slug,
        started_at=_aware(call.created_at),
        method=call.mode,
        language=call.language,
        caller_key=caller_key,
        partner_id=call.partner_id,
        source=call.source,
    )


def leg_facts(call: CallFields, *, leg: LegFields) -> LegFacts:
    """What the tallies know of a leg: no phone, no address."""
    outcome = Outcome.parse(leg.outcome)
    # The office leg's own status callback may say it failed before the <Dial> result says so.
    if outcome is None and leg.status == LegStatus.FAILED:
        outcome = Outcome.FAILED
    return LegFacts(
        campaign=call.campaign_slug,
        started_at=_aware(leg.created_at),
        target_id=leg.target_id,
        target_name=leg.name,
        chamber=leg.chamber,
        state=leg.state,
        district=leg.district,
        language=call.language,
        method=call.mode,
        # The office's line was answered (by a person or a voicemail).
        connected=leg.answered_at is not None or leg.dial_call_status == LegStatus.COMPLETED,
        outcome=outcome,
        partner_id=call.partner_id,
        source=call.source,
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def count_new_leg(session: Session, *, call: CallSession, leg: CallLeg) -> None:
    if not CallMethod(call.mode).counted:
        return
    count_leg_change(session, before=None, after=leg_facts(call, leg=leg))


class StoredLegs:
    """The raw legs CSV's source: the call_leg table, oldest first, read in batches."""

    batch_size = 1000

    def iter_legs(self, session: Session, *, campaign: str, filters: TallyFilter) -> Iterator[LegFacts]:
        query = (
            select(CallSession, CallLeg)
            .join(CallLeg, col(CallLeg.session_id) == col(CallSession.id))
            .where(CallSession.campaign_slug == campaign)
            .where(col(CallSession.mode).in_(CALL_METHODS))
            .order_by(col(CallLeg.created_at), col(CallLeg.id))
        )
        start, end = filters.time_range()
        if start:
            query = query.where(col(CallLeg.created_at) >= start)
        if end:
            query = query.where(col(CallLeg.created_at) < end)
        if filters.chamber:
            query = query.where(CallLeg.chamber == filters.chamber)
        if filters.language:
            query = query.where(CallSession.language == filters.language)
        if filters.method:
            query = query.where(CallSession.mode == filters.method)
        for call, leg in session.exec(query.execution_options(yield_per=self.batch_size)):
            yield leg_facts(call, leg=leg)
