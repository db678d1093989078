"""Counters stay exact through duplicate, out-of-order and corrected changes, on SQLite and PostgreSQL."""

import random
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.kernel.vocabulary import TALLY_COLUMNS, CallMethod, Outcome
from app.models.tallies import OutcomeCountColumns, outcome_column
from app.storage.db import session_scope
from app.tallies.counters import count_call_started, count_leg_change
from app.tallies.facts import LegFacts
from app.tallies.filters import TallyFilter
from app.tallies.queries import CampaignTallies, calls_made_total, campaign_tallies
from tests.tallies.support import MARKEY, NOON, PRESSLEY, WARREN, leg, outcome_counts, tally_engine

LATER = NOON + timedelta(days=2)


class LegStore:
    """What the outcome recorder does around the counters: read the stored facts, write, count the change."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.legs: dict[str, LegFacts] = {}
        self.lock = threading.Lock()

    def record(self, leg_id: str, facts: LegFacts | None) -> None:
        with self.lock:
            before = self.legs.pop(leg_id, None)
            if facts is not None:
                self.legs[leg_id] = facts
        with session_scope(self.engine) as session:
            count_leg_change(session, before=before, after=facts)


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    with tally_engine(migrated_url) as engine:
        yield engine


def tallies(engine: Engine, filters: TallyFilter | None = None) -> CampaignTallies:
    with Session(engine) as session:
        return campaign_tallies(session, slug="grace-no-ban", filters=filters or TallyFilter(), now=LATER)


def test_leg_lifecycle_counts_once_and_duplicate_callbacks_change_nothing(engine: Engine) -> None:
    store = LegStore(engine)
    pending = leg(WARREN)
    connected = replace(pending, connected=True)
    contact = replace(connected, outcome="contact")
    for facts in [pending, connected, connected, contact, contact]:
        store.record("leg-1", facts)
    counts = tallies(engine).headline.counts
    assert (counts.calls, counts.connected, counts.contacts) == (1, 1, 1)
    assert counts.outcomes["pending"] == 0
    assert [(t.name, t.counts.calls, t.counts.contacts) for t in tallies(engine).targets] == [
        ("Elizabeth Warren", 1, 1)
    ]


def test_a_change_that_also_renames_the_target_shows_the_new_name(engine: Engine) -> None:
    store = LegStore(engine)
    store.record("leg-1", leg(WARREN))
    store.record("leg-1", leg(WARREN, target_name="Elizabeth A. Warren", connected=True, outcome="contact"))
    assert [(t.name, t.counts.calls, t.counts.contacts) for t in tallies(engine).targets] == [
        ("Elizabeth A. Warren", 1, 1)
    ]
    dated = tallies(engine, TallyFilter(since=NOON.date()))
    assert [t.name for t in dated.targets] == ["Elizabeth A. Warren"]


def test_outcome_corrected_from_the_web_after_the_keypad_moves_the_leg(engine: Engine) -> None:
    store = LegStore(engine)
    keypad = leg(PRESSLEY, connected=True, outcome="contact")
    store.record("leg-1", leg(PRESSLEY))
    store.record("leg-1", keypad)
    store.record("leg-1", replace(keypad, outcome="voicemail"))
    store.record("leg-1", replace(keypad, outcome="voicemail"))
    counts = tallies(engine).headline.counts
    assert counts.calls == 1
    assert counts.connected == 1
    assert counts.contacts == 0
    assert counts.voicemails == 1


def test_counters_match_the_final_legs_after_a_random_history(engine: Engine) -> None:
    """Many legs, each moved through random states (repeats included); the tallies equal a recount."""
    rng = random.Random(6)
    store = LegStore(engine)
    targets = [WARREN, MARKEY, PRESSLEY]
    for step in range(300):
        leg_id = f"leg-{rng.randrange(40)}"
        facts = leg(
            rng.choice(targets),
            started_at=NOON + timedelta(hours=rng.randrange(30)),
            language=rng.choice(["en", "es"]),
            method=rng.choice(["bridged", "call-in", "self-dialed"]),
            connected=rng.random() < 0.5,
            outcome=rng.choice([None, *Outcome]),
        )
        current = store.legs.get(leg_id)
        if step % 7 == 0 and current is not None:
            facts = current  # a duplicate callback
        store.record(leg_id, None if step % 23 == 0 else facts)
    legs = list(store.legs.values())
    result = tallies(engine)
    counts = result.headline.counts
    assert counts.calls == len(legs)
    assert counts.connected == sum(leg.connected for leg in legs)
    assert {k: v for k, v in counts.outcomes.items() if v} == outcome_counts(legs)
    for target in result.targets:
        mine = [leg for leg in legs if leg.target_id == target.target_id]
        assert target.counts.calls == len(mine)
        assert {k: v for k, v in target.counts.outcomes.items() if v} == outcome_counts(mine)
    # Per target, each counter table the dashboard picks from agrees with a recount: the
    # whole-campaign totals (with a chamber), by language and method, and per day.
    cases: list[tuple[TallyFilter, Callable[[LegFacts], bool]]] = [
        (TallyFilter(chamber="us-senate"), lambda leg: leg.chamber == "us-senate"),
        (TallyFilter(language="es"), lambda leg: leg.language == "es"),
        (TallyFilter(since=NOON.date()), lambda leg: True),
    ]
    for filters, wanted in cases:
        found = {t.target_id: t.counts.outcomes for t in tallies(engine, filters).targets}
        expected_targets = {
            target["target_id"]: outcome_counts(
                [leg for leg in legs if leg.target_id == target["target_id"] and wanted(leg)]
            )
            for target in targets
        }
        assert {k: {o: n for o, n in v.items() if n} for k, v in found.items()} == {
            k: v for k, v in expected_targets.items() if v
        }
    spanish = tallies(engine, TallyFilter(language="es", method="call-in", chamber="us-senate"))
    expected = [
        leg for leg in legs if (leg.language, leg.method, leg.chamber) == ("es", "call-in", "us-senate")
    ]
    assert spanish.headline.counts.calls == len(expected)
    first_day = tallies(engine, TallyFilter(since=NOON.date(), until=NOON.date()))
    assert first_day.headline.counts.calls == sum(leg.started_at.date() == NOON.date() for leg in legs)
    assert sum(point.calls for point in result.daily) == len(legs)
    assert sum(point.calls for point in result.hourly) == len(legs)
    assert sum(point.calls for point in spanish.hourly) == len(expected)


def test_concurrent_writers_stay_exact(engine: Engine) -> None:
    """Threads moving their own legs through a lifecycle at once, all in the same counter rows."""
    store = LegStore(engine)
    pending = leg(MARKEY)
    lifecycle = [
        pending,
        replace(pending, connected=True),
        replace(pending, connected=True, outcome="contact"),
    ]
    errors: list[BaseException] = []

    def worker(worker_id: int) -> None:
        try:
            for n in range(10):
                for facts in lifecycle:
                    store.record(f"leg-{worker_id}-{n}", facts)
        except BaseException as error:  # a lost thread must fail the test, not vanish
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counts = tallies(engine).headline.counts
    assert (counts.calls, counts.connected, counts.contacts, counts.outcomes["pending"]) == (80, 80, 80, 0)


def test_calls_started_and_unique_callers(engine: Engine) -> None:
    with session_scope(engine) as session:
        for key, hours in [("hash-a", 0), ("hash-a", 1), ("browser-b", 1), ("hash-c", 30)]:
            count_call_started(
                session,
                campaign="grace-no-ban",
                started_at=NOON + timedelta(hours=hours),
                method=CallMethod.BRIDGED if key.startswith("hash") else CallMethod.SELF_DIALED,
                language="en",
                caller_key=key,
            )
        count_call_started(
            session,
            campaign="other",
            started_at=NOON,
            method=CallMethod.BRIDGED,
            language="en",
            caller_key="hash-a",
        )
    headline = tallies(engine).headline
    assert (headline.calls_started, headline.unique_callers) == (4, 3)
    bridged = tallies(engine, TallyFilter(method=CallMethod.BRIDGED)).headline
    assert (bridged.calls_started, bridged.unique_callers) == (3, 2)
    first_day = tallies(engine, TallyFilter(until=NOON.date())).headline
    assert (first_day.calls_started, first_day.unique_callers) == (3, 2)


def test_calls_made_and_goal_count_only_legs_that_got_through(engine: Engine) -> None:
    store = LegStore(engine)
    outcomes = [
        None,
        "contact",
        "voicemail",
        "unavailable",
        "wrong-number",
        "skipped",
        "failed",
        "no-consent",
    ]
    for n, outcome in enumerate(outcomes):
        store.record(f"leg-{n}", leg(WARREN, outcome=outcome))
    with Session(engine) as session:
        assert calls_made_total(session, campaign="grace-no-ban") == 4
        assert calls_made_total(session, campaign="other") == 0
    headline = tallies(engine).headline
    assert headline.goal == 10
    assert headline.goal_share == pytest.approx(0.4)


def test_every_outcome_and_pending_has_its_counter_column() -> None:
    """A new Outcome needs its column (and a migration): the counters would have nowhere to count it."""
    columns = set(OutcomeCountColumns.model_fields)
    assert {outcome_column(name) for name in TALLY_COLUMNS} | {"connected"} == columns
    assert outcome_column("wrong-number") == "wrong_number"
