"""Personal data sent to an organization is not kept here: an opt-in's payload is deleted once every
delivery of it has ended (delivered, or failed for good), and after OPT_IN_KEPT at the latest,
delivered or not (its deliveries still waiting are then `expired`). The delivery log itself keeps
LOG_KEPT of messages whose deliveries have all ended."""

from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from app.kernel.webhook_vocabulary import DeliveryStatus
from app.models.webhooks import WebhookAttempt, WebhookDelivery, WebhookMessage

OPT_IN_KEPT = timedelta(days=7)
LOG_KEPT = timedelta(days=30)
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


def prune_delivery_log(session: Session, *, now: datetime) -> int:
    """Delete messages older than LOG_KEPT none of whose deliveries is still open, with their
    deliveries and attempts; how many messages."""
    old = select(WebhookMessage.id).where(col(WebhookMessage.created_at) < now - LOG_KEPT)
    open_ones = select(WebhookDelivery.message_id).where(col(WebhookDelivery.status).in_(_OPEN))
    ids = list(session.exec(old.where(col(WebhookMessage.id).not_in(open_ones))).all())
    if not ids:
        return 0
    deliveries = select(WebhookDelivery.id).where(col(WebhookDelivery.message_id).in_(ids))
    session.execute(delete(WebhookAttempt).where(col(WebhookAttempt.delivery_id).in_(deliveries)))
    session.execute(delete(WebhookDelivery).where(col(WebhookDelivery.message_id).in_(ids)))
    session.execute(delete(WebhookMessage).where(col(WebhookMessage.id).in_(ids)))
    return len(ids)
