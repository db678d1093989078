"""The public counter: the right total, remembered briefly so a surge of page views costs one query."""

from collections.abc import Iterator

import pytest
from redis import Redis
from sqlalchemy import Engine
from sqlmodel import Session

from app.tallies.public import REDIS_PREFIX, CallsMadeCounter, RedisCallsMadeCounter
from tests.tallies.support import NOON, WARREN, leg, record_legs, tally_engine


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    with tally_engine(database_url) as engine:
        yield engine


def test_counter_is_cached_for_its_ttl_then_refreshed(engine: Engine) -> None:
    clock = FakeClock()
    counter = CallsMadeCounter(ttl_seconds=10, clock=clock)
    record_legs(engine, [leg(WARREN, outcome="contact"), leg(WARREN, outcome="skipped")])
    with Session(engine) as session:
        assert counter.calls_made(session, campaign="grace-no-ban") == 1
    record_legs(engine, [leg(WARREN, started_at=NOON, outcome="voicemail")])
    clock.now += 9
    with Session(engine) as session:
        assert counter.calls_made(session, campaign="grace-no-ban") == 1
    clock.now += 2
    with Session(engine) as session:
        assert counter.calls_made(session, campaign="grace-no-ban") == 2
        assert counter.calls_made(session, campaign="other") == 0


def test_with_redis_every_process_shares_one_total_for_its_ttl(engine: Engine, redis_url: str) -> None:
    first, second = (RedisCallsMadeCounter(Redis.from_url(redis_url), ttl_seconds=60) for _ in range(2))
    record_legs(engine, [leg(WARREN, outcome="contact")])
    with Session(engine) as session:
        assert first.calls_made(session, campaign="grace-no-ban") == 1
    record_legs(engine, [leg(WARREN, started_at=NOON, outcome="voicemail")])
    with Session(engine) as session:
        assert second.calls_made(session, campaign="grace-no-ban") == 1  # first's total, from Redis
    client = Redis.from_url(redis_url)
    key = REDIS_PREFIX + "grace-no-ban"
    assert 0 < client.pttl(key) <= 60_000
    client.delete(key)  # as when the total expires
    with Session(engine) as session:
        assert second.calls_made(session, campaign="grace-no-ban") == 2
