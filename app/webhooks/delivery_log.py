"""The delivery log of an organization's endpoints, and replaying a delivery from it."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from app.kernel.errors import WebhookNotFoundError
from app.kernel.webhook_vocabulary import DeliveryStatus
from app.models.webhooks import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookMessage

LOG_LENGTH = 200


@dataclass(frozen=True)
class LogEntry:
    delivery_id: int
    message_id: str
    event_type: str
    endpoint_url: str
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str
    created_at: datetime
    next_attempt_at: datetime
    delivered_at: datetime | None
    # A personal payload deleted after delivery cannot be sent again.
    replayable: bool


def delivery_log(session: Session, *, organization_id: int, limit: int = LOG_LENGTH) -> list[LogEntry]:
    """The organization's latest deliveries, newest first."""
    rows = session.exec(
        select(WebhookDelivery, WebhookMessage.event_type, WebhookMessage.payload, WebhookEndpoint.url)
        .join(WebhookMessage, col(WebhookMessage.id) == col(WebhookDelivery.message_id))
        .join(WebhookEndpoint, col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id))
        .where(col(WebhookEndpoint.organization_id) == organization_id)
        .order_by(col(WebhookDelivery.id).desc())
        .limit(limit)
    ).all()
    return [
        LogEntry(
            delivery_id=delivery.id or 0,
            message_id=delivery.message_id,
            event_type=event_type,
            endpoint_url=url,
            status=delivery.status,
            attempts=delivery.attempts,
            last_status_code=delivery.last_status_code,
            last_error=delivery.last_error,
            created_at=delivery.created_at,
            next_attempt_at=delivery.next_attempt_at,
            delivered_at=delivery.delivered_at,
            replayable=payload is not None,
        )
        for delivery, event_type, payload, url in rows
    ]


def delivery_attempts(session: Session, *, organization_id: int, delivery_id: int) -> list[WebhookAttempt]:
    _owned_delivery(session, organization_id=organization_id, delivery_id=delivery_id)
    query = select(WebhookAttempt).where(col(WebhookAttempt.delivery_id) == delivery_id)
    return list(session.exec(query.order_by(col(WebhookAttempt.id))).all())


def replay_delivery(session: Session, *, organization_id: int, delivery_id: int, now: datetime) -> int:
    """Queue the same message (same id, so a receiver can tell a repeat) to the same endpoint again,
    as a new delivery; its id. A personal payload already deleted cannot be replayed."""
    delivery = _owned_delivery(session, organization_id=organization_id, delivery_id=delivery_id)
    message = session.get(WebhookMessage, delivery.message_id)
    if message is None or message.payload is None:
        raise WebhookNotFoundError("This message was deleted after delivery: it cannot be sent again.")
    again = WebhookDelivery(
        message_id=delivery.message_id,
        endpoint_id=delivery.endpoint_id,
        status=DeliveryStatus.PENDING,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(again)
    session.flush()
    assert again.id is not None
    return again.id


def _owned_delivery(session: Session, *, organization_id: int, delivery_id: int) -> WebhookDelivery:
    row = session.exec(
        select(WebhookDelivery, WebhookEndpoint.organization_id)
        .join(WebhookEndpoint, col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id))
        .where(col(WebhookDelivery.id) == delivery_id)
    ).first()
    if row is None or row[1] != organization_id:
        raise WebhookNotFoundError("There is no such delivery.")
    return row[0]
