"""Pacing: calls are placed no faster than the Twilio account allows, however many workers ask."""

from datetime import timedelta
from threading import Barrier, Thread

import pytest

from app.calls.pacing import reserve_call_slot
from app.kernel.clock import utcnow
from app.storage.db import create_db_engine


def test_slots_follow_each_other_at_the_rate_and_a_free_line_costs_nothing(migrated_url: str) -> None:
    engine = create_db_engine(migrated_url)
    now = utcnow() + timedelta(seconds=5)
    waits = [reserve_call_slot(engine, rate_per_second=2, now=now) for _ in range(4)]
    assert waits == pytest.approx([0.0, 0.5, 1.0, 1.5])
    later = now + timedelta(seconds=60)
    assert reserve_call_slot(engine, rate_per_second=2, now=later) == 0.0
    engine.dispose()


def test_workers_asking_at_once_each_get_their_own_slot(migrated_url: str) -> None:
    engine = create_db_engine(migrated_url)
    now = utcnow() + timedelta(seconds=5)
    start = Barrier(8)
    waits: list[float] = []

    def ask() -> None:
        start.wait()
        waits.append(reserve_call_slot(engine, rate_per_second=4, now=now))

    threads = [Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(waits) == pytest.approx([i * 0.25 for i in range(8)])
    engine.dispose()
