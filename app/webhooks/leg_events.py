"""`call.completed` and `outcome.reported`: what a change of one call leg tells the organizations.

Called by app.calls.outcomes.update_leg, the one place a leg changes, in its transaction. The
payload names the campaign, the partner and source, the target, the outcome and the duration;
never the caller's phone number, address or any id that would let a receiver act on the call.
"""

from typing import Any

from sqlmodel import Session

from app.kernel.clock import utcnow
from app.kernel.vocabulary import LegStatus
from app.kernel.webhook_vocabulary import WebhookEvent
from app.models.call_fields import CallFields, LegFields
from app.webhooks.outbox import record_event
from app.webhooks.tenancy import call_attribution, recipients


def announce_leg_change(
    session: Session, *, call: CallFields, leg: LegFields, status_before: str, outcome_before: str | None
) -> None:
    """Queue the events this change makes: the leg is over (its status became final, or a
    self-dialed call got its first report), and its outcome was reported or changed."""
    events = []
    if _completed(leg, status_before=status_before, outcome_before=outcome_before):
        events.append(WebhookEvent.CALL_COMPLETED)
    if leg.outcome is not None and leg.outcome != outcome_before:
        events.append(WebhookEvent.OUTCOME_REPORTED)
    if not events:
        return
    attribution = call_attribution(session, call=call)
    organizations = recipients(session, campaign_slug=call.campaign_slug, attribution=attribution)
    now = utcnow()
    data = leg_payload(call=call, leg=leg, partner=attribution.partner, source=attribution.source)
    for event in events:
        record_event(session, organization_ids=organizations, event=event, data=data, now=now)


def _completed(leg: LegFields, *, status_before: str, outcome_before: str | None) -> bool:
    if leg.status == LegStatus.SELF_REPORTED:
        return outcome_before is None and leg.outcome is not None
    return LegStatus(leg.status).is_final and not LegStatus(status_before).is_final


def leg_payload(
    *, call: CallFields, leg: LegFields, partner: str | None, source: str | None
) -> dict[str, Any]:
    return {
        "campaign": call.campaign_slug,
        "partner": partner,
        "source": source,
        "call_leg": leg.id,
        "method": str(call.mode),
        "language": call.language,
        "target": {
            "id": leg.target_id,
            "name": leg.name,
            "title": leg.title,
            "chamber": str(leg.chamber),
            "state": leg.state,
            "district": leg.district,
        },
        "status": leg.status,
        "outcome": leg.outcome,
        "outcome_source": str(leg.outcome_source) if leg.outcome_source else None,
        "duration_seconds": leg.duration_seconds,
        "ended_at": leg.ended_at.strftime("%Y-%m-%dT%H:%M:%SZ") if leg.ended_at else None,
    }
