"""Deliveries to a real receiver on loopback: signed per Standard Webhooks, retried with exponential
backoff on a 500, a timeout or a redirect, at most N in flight per endpoint, refused to private
addresses at delivery time too, replayed from the log, secrets rotated with a grace period."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from app.kernel.webhook_vocabulary import DeliveryStatus
from app.models.webhooks import WebhookAttempt
from app.storage.db import create_db_engine, write_scope
from app.webhooks.delivery import claim_due_deliveries
from app.webhooks.delivery_log import delivery_log, replay_delivery
from app.webhooks.endpoints import rotate_secret
from tests.webhooks.receiver import running_receiver
from tests.webhooks.support import (
    DEFAULT_ORGANIZATION_ID,
    POLICY,
    deliveries,
    new_endpoint,
    outbox_event,
    run_due,
    test_policy,
)

T0 = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_db_engine(database_url)
    yield engine
    engine.dispose()


def test_a_delivery_is_signed_and_verifies_with_standardwebhooks(engine: Engine) -> None:
    with running_receiver() as receiver, time_machine.travel(T0, tick=False):
        endpoint = new_endpoint(engine, receiver.url)
        message_id = outbox_event(engine, now=T0)
        [result] = run_due(engine, now=T0)
        assert result is not None
        assert result.succeeded
        [request] = receiver.received
        assert request.headers["webhook-id"] == message_id
        payload = Webhook(endpoint.secret).verify(request.body, request.headers)
        assert payload["type"] == "call.completed"
        assert payload["data"] == {"campaign": "grace-no-ban", "outcome": "contact"}
        assert request.headers["host"] == f"127.0.0.1:{receiver.port}"
        with pytest.raises(WebhookVerificationError):
            Webhook("whsec_" + "A" * 32).verify(request.body, request.headers)
    [delivery] = deliveries(engine)
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 1


@pytest.mark.parametrize("failure", ["500", "slow", "redirect"])
def test_a_500_a_timeout_or_a_redirect_is_retried_with_exponential_backoff(
    engine: Engine, failure: str
) -> None:
    with (
        running_receiver(failure, failure, failure) as receiver,
        time_machine.travel(T0, tick=False) as clock,
    ):
        receiver.slow_seconds = POLICY.timeout_seconds + 1
        new_endpoint(engine, receiver.url)
        outbox_event(engine, now=T0)
        waits = []
        now = T0
        for _ in range(3):
            [result] = run_due(engine, now=now)
            assert result is not None
            assert not result.succeeded
            [delivery] = deliveries(engine)
            assert delivery.status == DeliveryStatus.PENDING
            waits.append(delivery.next_attempt_at - now)
            assert run_due(engine, now=delivery.next_attempt_at - timedelta(seconds=1)) == [], "not due yet"
            now = delivery.next_attempt_at
            clock.move_to(now)
        assert waits == [timedelta(seconds=30), timedelta(seconds=60), timedelta(seconds=120)]
        [result] = run_due(engine, now=now)
        assert result is not None
        assert result.succeeded
        assert len(receiver.received) == 4, "a redirect is never followed"
        assert len({request.headers["webhook-id"] for request in receiver.received}) == 1
    [delivery] = deliveries(engine)
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 4
    with Session(engine) as session:
        log = delivery_log(session, organization_id=DEFAULT_ORGANIZATION_ID)
        errors = list(session.exec(select(WebhookAttempt.error).order_by(col(WebhookAttempt.id))))
    assert log[0].status == "delivered"
    expected = {"500": "answered 500", "slow": "timed out after 0.5 s", "redirect": "redirect not followed"}
    assert errors == [expected[failure]] * 3 + [""]


def test_a_delivery_out_of_attempts_fails_and_can_be_replayed_from_the_log(engine: Engine) -> None:
    with running_receiver("500", "500") as receiver, time_machine.travel(T0, tick=False):
        new_endpoint(engine, receiver.url)
        outbox_event(engine, now=T0)
        strict = test_policy(max_attempts=2)
        run_due(engine, now=T0, policy=strict)
        run_due(engine, now=T0 + timedelta(minutes=1), policy=strict)
        [delivery] = deliveries(engine)
        assert delivery.status == DeliveryStatus.FAILED
        assert run_due(engine, now=T0 + timedelta(days=1)) == [], "a failed delivery is not retried"
        with write_scope(engine) as session:
            assert delivery.id is not None
            again = replay_delivery(
                session, organization_id=DEFAULT_ORGANIZATION_ID, delivery_id=delivery.id, now=T0
            )
        [result] = run_due(engine, now=T0 + timedelta(days=1))
        assert result is not None
        assert result.succeeded
        assert receiver.received[-1].headers["webhook-id"] == receiver.received[0].headers["webhook-id"]
    statuses = {d.id: d.status for d in deliveries(engine)}
    assert statuses == {delivery.id: "failed", again: "delivered"}


def test_at_most_n_deliveries_are_in_flight_per_endpoint(engine: Engine) -> None:
    with running_receiver() as receiver:
        new_endpoint(engine, receiver.url)
        other = new_endpoint(engine, receiver.url.replace("/hook", "/other"))
        for _ in range(6):
            outbox_event(engine, now=T0)
        first = claim_due_deliveries(engine, policy=test_policy(max_in_flight=2), now=T0)
        assert len(first) == 4, "two per endpoint"
        assert claim_due_deliveries(engine, policy=test_policy(max_in_flight=2), now=T0) == []
        by_endpoint = {d.id: d.endpoint_id for d in deliveries(engine)}
        assert [by_endpoint[i] for i in first].count(other.id or 0) == 2
        lease_over = T0 + POLICY.lease + timedelta(seconds=1)
        assert len(claim_due_deliveries(engine, policy=test_policy(max_in_flight=2), now=lease_over)) == 4, (
            "a worker that went silent gives its deliveries back once the lease is over"
        )


def test_a_host_that_is_private_at_delivery_time_is_refused_unsent(engine: Engine) -> None:
    with running_receiver() as receiver:
        new_endpoint(engine, receiver.url)  # saved while loopback was allowed
        outbox_event(engine, now=T0)
        [result] = run_due(engine, now=T0, policy=test_policy(allowed=()))
        assert result is not None
        assert result.error.startswith("refused: 127.0.0.1 resolves to 127.0.0.1")
        assert receiver.received == []
    [delivery] = deliveries(engine)
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_status_code is None


def test_a_rotated_secret_keeps_signing_during_its_grace_period_only(engine: Engine) -> None:
    with running_receiver() as receiver, time_machine.travel(T0, tick=False) as clock:
        endpoint = new_endpoint(engine, receiver.url)
        old_secret = endpoint.secret
        with write_scope(engine) as session:
            assert endpoint.id is not None
            rotated = rotate_secret(
                session,
                organization_id=DEFAULT_ORGANIZATION_ID,
                endpoint_id=endpoint.id,
                grace=timedelta(hours=24),
                now=T0,
            )
            new_secret = rotated.secret
        outbox_event(engine, now=T0)
        run_due(engine, now=T0)
        during = receiver.received[-1]
        assert len(during.headers["webhook-signature"].split(" ")) == 2
        Webhook(old_secret).verify(during.body, during.headers)
        Webhook(new_secret).verify(during.body, during.headers)

        later = T0 + timedelta(hours=25)
        clock.move_to(later)
        outbox_event(engine, now=later)
        run_due(engine, now=later)
        after = receiver.received[-1]
        Webhook(new_secret).verify(after.body, after.headers)
        with pytest.raises(WebhookVerificationError):
            Webhook(old_secret).verify(after.body, after.headers)
