"""Leg facts for tally tests, and the same numbers counted the slow way from a list of legs."""

import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from app.campaigns.spec import CampaignSpec
from app.campaigns.store import save_campaign
from app.kernel.vocabulary import CallMethod
from app.storage.db import create_db_engine, session_scope
from app.tallies.counters import count_call_started, count_leg_change
from app.tallies.facts import LegFacts

NOON = datetime(2026, 11, 20, 12, 5, tzinfo=UTC)

WARREN = {
    "target_id": "W000817",
    "target_name": "Elizabeth Warren",
    "chamber": "us-senate",
    "state": "MA",
    "district": "",
}
MARKEY = {
    "target_id": "M000133",
    "target_name": "Edward J. Markey",
    "chamber": "us-senate",
    "state": "MA",
    "district": "",
}
PRESSLEY = {
    "target_id": "P000617",
    "target_name": "Ayanna Pressley",
    "chamber": "us-house",
    "state": "MA",
    "district": "7",
}
HAGEMAN = {
    "target_id": "H001096",
    "target_name": "Harriet M. Hageman",
    "chamber": "us-house",
    "state": "WY",
    "district": "0",
}


def leg(target: dict[str, Any], **changes: Any) -> LegFacts:
    facts = LegFacts(
        campaign="grace-no-ban",
        started_at=NOON,
        language="en",
        method=CallMethod.BRIDGED,
        connected=False,
        outcome=None,
        **target,
    )
    return replace(facts, **changes)


def outcome_counts(legs: list[LegFacts]) -> dict[str, int]:
    return dict(Counter(leg.outcome_key for leg in legs))


def campaign_spec(slug: str = "grace-no-ban", goal: int | None = 10) -> CampaignSpec:
    return CampaignSpec.model_validate(
        {
            "slug": slug,
            "title": "Test campaign",
            "status": "live",
            "goal": goal,
            "targets": {"chambers": ["us-senate", "us-house"]},
            "scripts": {"en": {"text": "Hello"}},
        }
    )


@contextmanager
def tally_engine(url: str) -> Iterator[Engine]:
    """A migrated database (`url`), given one campaign (grace-no-ban, goal 10) and no legs yet."""
    engine = create_db_engine(url)
    with session_scope(engine) as session:
        save_campaign(session, spec=campaign_spec(), source="test")
    try:
        yield engine
    finally:
        engine.dispose()


def seeded_legs(now: datetime, count: int = 120) -> list[LegFacts]:
    """A varied, deterministic history of finished legs over the five days before `now`."""
    rng = random.Random(2026)
    outcomes = (
        ["contact"] * 5 + ["voicemail"] * 3 + ["unavailable", "skipped", "wrong-number", "failed", None]
    )
    legs = []
    for _ in range(count):
        outcome = rng.choice(outcomes)
        legs.append(
            leg(
                rng.choice([WARREN, MARKEY, PRESSLEY, HAGEMAN]),
                started_at=now - timedelta(minutes=rng.randrange(5 * 24 * 60)),
                language=rng.choice(["en", "en", "es"]),
                method=rng.choice(["bridged", "call-in", "self-dialed"]),
                connected=outcome in ("contact", "voicemail", "wrong-number"),
                outcome=outcome,
            )
        )
    return legs


def record_legs(engine: Engine, legs: list[LegFacts]) -> None:
    """Each leg as the recorder writes it: started (pending), then finished with its outcome."""
    with session_scope(engine) as session:
        for n, facts in enumerate(legs):
            pending = replace(facts, connected=False, outcome=None)
            count_call_started(
                session,
                campaign=facts.campaign,
                started_at=facts.started_at,
                method=facts.method,
                language=facts.language,
                caller_key=f"caller-{n % 37}",
            )
            count_leg_change(session, before=None, after=pending)
            count_leg_change(session, before=pending, after=facts)


def allow_staff() -> None:
    """A test's own staff check, injected into create_app: everyone is staff."""
