"""Tallies: counters kept exact as legs change, and the dashboards, exports and public counter they feed."""

from app.tallies.counters import count_call_started, count_leg_change
from app.tallies.facts import LegFacts
from app.tallies.filters import TallyFilter
from app.tallies.queries import CampaignTallies, campaign_tallies

__all__ = [
    "CampaignTallies",
    "LegFacts",
    "TallyFilter",
    "campaign_tallies",
    "count_call_started",
    "count_leg_change",
]
