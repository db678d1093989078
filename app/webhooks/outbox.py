"""The outbox: an event becomes a message and its deliveries in the transaction of what happened.

Nothing is sent here (a request never waits on a receiver): the `webhooks.dispatch` job sends what
is due. A message is written only for an organization with an enabled endpoint that takes the event,
so an instance without webhooks writes nothing and keeps nothing.
"""

import json
import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from app.kernel.webhook_vocabulary import DeliveryStatus, WebhookEvent
from app.models.webhooks import WebhookDelivery, WebhookEndpoint, WebhookMessage

MESSAGE_PREFIX = "msg_"


def new_message_id() -> str:
    return MESSAGE_PREFIX + secrets.token_urlsafe(18)


def subscribed_endpoints(session: Session, *, organization_id: int, event: WebhookEvent) -> list[int]:
    """The enabled endpoints of the organization that take `event`."""
    rows = session.exec(
        select(WebhookEndpoint.id, WebhookEndpoint.events)
        .where(col(WebhookEndpoint.organization_id) == organization_id)
        .where(col(WebhookEndpoint.enabled))
    ).all()
    return [endpoint_id for endpoint_id, events in rows if endpoint_id and event.value in events.split()]


def payload_body(*, event: WebhookEvent, data: Mapping[str, Any], now: datetime) -> str:
    """The JSON body, shaped as the Standard Webhooks spec suggests: type, timestamp, data."""
    envelope = {"type": event.value, "timestamp": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "data": data}
    return json.dumps(envelope, separators=(",", ":"), ensure_ascii=False)


def record_event(
    session: Session,
    *,
    organization_ids: Sequence[int],
    event: WebhookEvent,
    data: Mapping[str, Any],
    now: datetime,
) -> list[str]:
    """Write a message for each organization listening, with a pending delivery per endpoint; the
    caller's transaction commits them with the change they tell of. The ids of the messages."""
    written = []
    for organization_id in organization_ids:
        endpoints = subscribed_endpoints(session, organization_id=organization_id, event=event)
        if not endpoints:
            continue
        message_id = new_message_id()
        session.execute(
            insert(WebhookMessage).values(
                id=message_id,
                organization_id=organization_id,
                event_type=event.value,
                payload=payload_body(event=event, data=data, now=now),
                personal=event.personal,
                created_at=now,
            )
        )
        session.execute(
            insert(WebhookDelivery),
            [_pending(message_id=message_id, endpoint_id=endpoint_id, now=now) for endpoint_id in endpoints],
        )
        written.append(message_id)
    return written


def _pending(*, message_id: str, endpoint_id: int, now: datetime) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "endpoint_id": endpoint_id,
        "status": DeliveryStatus.PENDING.value,
        "attempts": 0,
        "next_attempt_at": now,
        "last_error": "",
        "created_at": now,
    }
