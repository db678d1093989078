"""Sending what the outbox holds: claimed in turn, at most N in flight per endpoint, retried with
exponential backoff, every attempt logged.

A delivery is `pending` until a dispatcher claims it (`sending`, with a lease), then `delivered`
(a 2xx answer), or `pending` again with its next attempt pushed back, or `failed` once out of
attempts. A 3xx is a failure: redirects are never followed (they could lead anywhere). A worker
that dies mid-send leaves a lease that runs out; the delivery is then claimed again.
"""

import asyncio
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import Engine, func, update
from sqlmodel import Session, col, select

from app.kernel.errors import WebhookUrlError
from app.kernel.webhook_vocabulary import DeliveryStatus
from app.models.webhooks import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookMessage
from app.settings import Settings
from app.storage.db import session_scope, write_scope
from app.webhooks.addresses import IPNetwork, allowed_networks, parse_webhook_url, resolve_target_async
from app.webhooks.retention import forget_if_done
from app.webhooks.signing import signed_headers, signing_secrets

CLAIM_BATCH = 500
_OPEN = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)
ERROR_LENGTH = 300


@dataclass(frozen=True)
class DeliveryPolicy:
    max_in_flight: int
    timeout_seconds: float
    max_attempts: int
    first_retry: timedelta
    max_retry: timedelta
    allowed: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings) -> "DeliveryPolicy":
        return cls(
            max_in_flight=settings.webhook_max_in_flight,
            timeout_seconds=settings.webhook_timeout_seconds,
            max_attempts=settings.webhook_max_attempts,
            first_retry=timedelta(seconds=settings.webhook_retry_seconds),
            max_retry=timedelta(seconds=settings.webhook_retry_max_seconds),
            allowed=allowed_networks(settings.webhook_allowed_networks),
        )

    @property
    def lease(self) -> timedelta:
        """Long enough for a resolution and a request that times out, with room to record it."""
        return timedelta(seconds=2 * self.timeout_seconds + 30)

    def retry_delay(self, attempts: int) -> timedelta:
        """After the n-th failed attempt: first_retry × 2^(n-1), at most max_retry."""
        factor: int = 2 ** max(attempts - 1, 0)
        return min(self.first_retry * factor, self.max_retry)


def claim_due_deliveries(engine: Engine, *, policy: DeliveryPolicy, now: datetime) -> list[int]:
    """Mark due deliveries `sending`, leaving each endpoint at most `max_in_flight` at once; their ids.

    A read comes first: with nothing to send (most ticks) no write transaction is opened.
    """
    with session_scope(engine) as session:
        if (
            session.exec(
                select(WebhookDelivery.id).where(col(WebhookDelivery.status).in_(_OPEN)).limit(1)
            ).first()
            is None
        ):
            return []
    with write_scope(engine) as session:
        session.execute(
            update(WebhookDelivery)
            .where(col(WebhookDelivery.status) == DeliveryStatus.SENDING)
            .where(col(WebhookDelivery.lease_until) < now)
            .values(status=DeliveryStatus.PENDING, lease_until=None)
        )
        in_flight = dict(
            session.exec(
                select(WebhookDelivery.endpoint_id, func.count())
                .where(col(WebhookDelivery.status) == DeliveryStatus.SENDING)
                .group_by(col(WebhookDelivery.endpoint_id))
            ).all()
        )
        due = session.exec(
            select(WebhookDelivery.id, WebhookDelivery.endpoint_id)
            .join(WebhookEndpoint, col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id))
            .where(col(WebhookDelivery.status) == DeliveryStatus.PENDING)
            .where(col(WebhookDelivery.next_attempt_at) <= now)
            .where(col(WebhookEndpoint.enabled))
            .order_by(col(WebhookDelivery.next_attempt_at), col(WebhookDelivery.id))
            .limit(CLAIM_BATCH)
        ).all()
        claimed = []
        for delivery_id, endpoint_id in due:
            if delivery_id is None or in_flight.get(endpoint_id, 0) >= policy.max_in_flight:
                continue
            in_flight[endpoint_id] = in_flight.get(endpoint_id, 0) + 1
            claimed.append(delivery_id)
        if claimed:
            session.execute(
                update(WebhookDelivery)
                .where(col(WebhookDelivery.id).in_(claimed))
                .values(status=DeliveryStatus.SENDING, lease_until=now + policy.lease)
            )
        return claimed


@dataclass(frozen=True)
class Outgoing:
    delivery_id: int
    message_id: str
    url: str
    body: bytes
    secrets: tuple[str, ...]


def load_outgoing(engine: Engine, *, delivery_id: int, now: datetime) -> Outgoing | None:
    """What to send for a claimed delivery; None when it is not `sending` or its payload is gone."""
    with session_scope(engine) as session:
        row = session.exec(
            select(WebhookDelivery, WebhookMessage, WebhookEndpoint)
            .join(WebhookMessage, col(WebhookMessage.id) == col(WebhookDelivery.message_id))
            .join(WebhookEndpoint, col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id))
            .where(col(WebhookDelivery.id) == delivery_id)
        ).first()
        if row is None:
            return None
        delivery, message, endpoint = row
        if delivery.status != DeliveryStatus.SENDING or message.payload is None:
            return None
        return Outgoing(
            delivery_id=delivery_id,
            message_id=message.id,
            url=endpoint.url,
            body=message.payload.encode("utf-8"),
            secrets=tuple(signing_secrets(endpoint, now=now)),
        )


@dataclass(frozen=True)
class AttemptResult:
    status_code: int | None
    error: str
    elapsed_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


async def send_outgoing(
    outgoing: Outgoing, *, client: httpx.AsyncClient, policy: DeliveryPolicy, now: datetime
) -> AttemptResult:
    """POST the signed body to the address the URL's host resolved to, once it was checked public."""
    started = time.monotonic()

    def result(status_code: int | None, error: str = "") -> AttemptResult:
        elapsed = int((time.monotonic() - started) * 1000)
        return AttemptResult(status_code, error[:ERROR_LENGTH], elapsed)

    try:
        target = parse_webhook_url(outgoing.url)
        address = await asyncio.wait_for(
            resolve_target_async(target, allowed=policy.allowed), timeout=policy.timeout_seconds
        )
    except WebhookUrlError as error:
        return result(None, f"refused: {error.message}")
    except TimeoutError:
        return result(None, f"resolving the host timed out after {policy.timeout_seconds:g} s")
    headers = signed_headers(
        outgoing.body, message_id=outgoing.message_id, timestamp=now, secrets_in_use=outgoing.secrets
    )
    headers["host"] = target.host_header
    # The connection goes to the checked address; TLS still verifies the certificate of the host.
    extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
    try:
        response = await client.post(
            target.url_for(address),
            content=outgoing.body,
            headers=headers,
            extensions=extensions,
            timeout=policy.timeout_seconds,
            follow_redirects=False,
        )
    except httpx.TimeoutException:
        return result(None, f"timed out after {policy.timeout_seconds:g} s")
    except httpx.HTTPError as error:
        return result(None, f"{type(error).__name__}: {error}")
    if response.is_redirect:
        return result(response.status_code, "redirect not followed")
    if not response.is_success:
        return result(response.status_code, f"answered {response.status_code}")
    return result(response.status_code)


def record_attempt(
    engine: Engine, *, delivery_id: int, result: AttemptResult, policy: DeliveryPolicy, now: datetime
) -> DeliveryStatus:
    """Log the attempt and move the delivery on: delivered, retried later, or failed for good."""
    with write_scope(engine) as session:
        delivery = session.get(WebhookDelivery, delivery_id)
        assert delivery is not None, "a claimed delivery is never deleted"
        if delivery.status != DeliveryStatus.SENDING:  # expired meanwhile: its status stands
            return DeliveryStatus(delivery.status)
        delivery.attempts += 1
        delivery.lease_until = None
        delivery.last_status_code = result.status_code
        delivery.last_error = result.error
        status = _next_status(delivery, result=result, policy=policy, now=now)
        delivery.status = status
        session.add(delivery)
        session.add(
            WebhookAttempt(
                delivery_id=delivery_id,
                attempted_at=now,
                status_code=result.status_code,
                error=result.error,
                elapsed_ms=result.elapsed_ms,
            )
        )
        session.flush()
        if status.is_final:
            forget_if_done(session, message_id=delivery.message_id)
        return status


def _next_status(
    delivery: WebhookDelivery, *, result: AttemptResult, policy: DeliveryPolicy, now: datetime
) -> DeliveryStatus:
    if result.succeeded:
        delivery.delivered_at = now
        return DeliveryStatus.DELIVERED
    if delivery.attempts >= policy.max_attempts:
        return DeliveryStatus.FAILED
    delivery.next_attempt_at = now + policy.retry_delay(delivery.attempts)
    return DeliveryStatus.PENDING


async def deliver(
    engine: Engine, *, client: httpx.AsyncClient, delivery_id: int, policy: DeliveryPolicy, now: datetime
) -> AttemptResult | None:
    """One attempt of a claimed delivery; no database connection is held while the receiver answers."""
    outgoing = await asyncio.to_thread(load_outgoing, engine, delivery_id=delivery_id, now=now)
    if outgoing is None:
        return None
    result = await send_outgoing(outgoing, client=client, policy=policy, now=now)
    await asyncio.to_thread(
        record_attempt, engine, delivery_id=delivery_id, result=result, policy=policy, now=now
    )
    return result


def pending_count(session: Session, *, organization_id: int) -> int:
    """The organization's deliveries waiting to be sent (for the admin page)."""
    return int(
        session.exec(
            select(func.count())
            .select_from(WebhookDelivery)
            .join(WebhookEndpoint, col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id))
            .where(col(WebhookEndpoint.organization_id) == organization_id)
            .where(col(WebhookDelivery.status).in_(_OPEN))
        ).one()
    )
