"""Helpers for webhook tests: an endpoint on the test database, an event in the outbox, one delivery run."""

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta

import httpx
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.kernel.webhook_vocabulary import WebhookEvent
from app.models.webhooks import WebhookDelivery, WebhookEndpoint
from app.storage.db import write_scope
from app.webhooks.addresses import allowed_networks
from app.webhooks.delivery import AttemptResult, DeliveryPolicy, claim_due_deliveries, deliver
from app.webhooks.endpoints import EndpointForm, add_endpoint
from app.webhooks.outbox import record_event

SENDER = "Inland Coalition"
LOOPBACK = allowed_networks(["127.0.0.1/32"])
ALL_EVENTS = tuple(event.value for event in WebhookEvent)
POLICY = DeliveryPolicy(
    max_in_flight=4,
    timeout_seconds=0.5,
    max_attempts=4,
    first_retry=timedelta(seconds=30),
    max_retry=timedelta(minutes=2),
    allowed=LOOPBACK,
)

# The default organization: the first one the prepared database has (its campaigns' owner).
DEFAULT_ORGANIZATION_ID = 1


def test_policy(**changes: object) -> DeliveryPolicy:
    return replace(POLICY, **changes)  # type: ignore[arg-type]


test_policy.__test__ = False  # type: ignore[attr-defined]


def new_endpoint(
    engine: Engine,
    url: str,
    *,
    events: tuple[str, ...] = ALL_EVENTS,
    organization_id: int = DEFAULT_ORGANIZATION_ID,
) -> WebhookEndpoint:
    form = EndpointForm(
        url=url, events=events, sender_name="Inland Coalition", privacy_url="https://example.org/privacy"
    )
    return add_endpoint(engine, organization_id=organization_id, form=form, allowed=LOOPBACK)


def outbox_event(engine: Engine, *, now: datetime, event: WebhookEvent = WebhookEvent.CALL_COMPLETED) -> str:
    with write_scope(engine) as session:
        written = record_event(
            session,
            organization_ids=[DEFAULT_ORGANIZATION_ID],
            event=event,
            data={"campaign": "grace-no-ban", "outcome": "contact"},
            now=now,
        )
    assert len(written) == 1
    return written[0]


def run_due(engine: Engine, *, now: datetime, policy: DeliveryPolicy = POLICY) -> list[AttemptResult | None]:
    """Claim what is due and deliver each, as the dispatch and deliver jobs do."""

    async def scenario() -> list[AttemptResult | None]:
        claimed = await asyncio.to_thread(claim_due_deliveries, engine, policy=policy, now=now)
        async with httpx.AsyncClient(follow_redirects=False) as client:
            return [
                await deliver(engine, client=client, delivery_id=delivery_id, policy=policy, now=now)
                for delivery_id in claimed
            ]

    return asyncio.run(scenario())


def deliveries(engine: Engine) -> list[WebhookDelivery]:
    with Session(engine) as session:
        return list(session.exec(select(WebhookDelivery).order_by(WebhookDelivery.id)).all())  # type: ignore[arg-type]
