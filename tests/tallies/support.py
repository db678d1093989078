"""Leg facts for tally tests, and the same numbers counted the slow way from a list of legs."""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from app.campaigns.spec import CampaignSpec
from app.campaigns.store import save_campaign
from app.db import create_db_engine, session_scope
from app.migrations import upgrade_database
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
        method="bridged",
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
    """A migrated database holding one campaign (grace-no-ban, goal 10) and no legs yet."""
    upgrade_database(url)
    engine = create_db_engine(url)
    with session_scope(engine) as session:
        save_campaign(session, campaign_spec(), source="test")
    try:
        yield engine
    finally:
        engine.dispose()
