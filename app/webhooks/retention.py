"""Personal data sent to an organization is not kept here: an opt-in's payload is deleted once every
delivery of it has ended (delivered, or failed for good), and after OPT_IN_KEPT at the latest,
delivered or not (its deliveries still waiting are then `expired`)."""

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.kernel.webhook_vocabulary import DeliveryStatus
from app.models.webhooks import WebhookDelivery, WebhookMessage

OPT_IN_KEPT = timedelta(days=7)
_OPEN = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)


def forget_if_done(session: Session, *, message_id: str) -> bool:
    """Delete a personal message's payload when none of its deliveries is still open; whether it was."""
    message = session.get(WebhookMessage, message_id)
    if message is None or not message.personal or message.payload is None:
        return False
    still_open = session.exec(
        select(WebhookDelivery.id)
        .where(col(WebhookDelivery.message_id) == message_id)
        .where(col(WebhookDelivery.status).in_(_OPEN))
        .limit(1)
    ).first()
    if still_open is not None:
        return False
    message.payload = None
    session.add(message)
    return True


def purge_personal_payloads(session: Session, *, now: datetime) -> int:
    """Delete the payloads of personal messages older than OPT_IN_KEPT; how many were deleted."""
    expired = select(WebhookMessage.id).where(
        col(WebhookMessage.personal),
        col(WebhookMessage.payload).is_not(None),
        col(WebhookMessage.created_at) < now - OPT_IN_KEPT,
    )
    ids = list(session.exec(expired).all())
    if not ids:
        return 0
    session.execute(
        update(WebhookDelivery)
        .where(col(WebhookDelivery.message_id).in_(ids))
        .where(col(WebhookDelivery.status).in_(_OPEN))
        .values(status=DeliveryStatus.EXPIRED, lease_until=None, last_error="deleted unsent after 7 days")
    )
    session.execute(update(WebhookMessage).where(col(WebhookMessage.id).in_(ids)).values(payload=None))
    return len(ids)
