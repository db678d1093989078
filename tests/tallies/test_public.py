"""The public counter: the right total, remembered briefly so a surge of page views costs one query."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.tallies.public import CallsMadeCounter
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
