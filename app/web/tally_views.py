"""Tallies shaped for the JSON API, the CLI's --json and the dashboard's charts."""

from typing import Any

from markupsafe import Markup

from app.tallies.queries import CampaignTallies, LegCounts, TimePoint
from app.web.charts import Bar, bar_chart_svg

# Staff read words, not codes: chambers, districts, outcomes and how calls were made.
CHAMBER_LABELS = {
    "us-senate": "Senate",
    "us-house": "House",
    "state-upper": "State senate",
    "state-lower": "State house",
    "custom": "Other office",
}
OUTCOME_LABELS = {
    "contact": "Spoke to staff",
    "voicemail": "Voicemail",
    "unavailable": "No answer",
    "skipped": "Skipped",
    "wrong-number": "Wrong number",
    "failed": "Failed",
    "no-consent": "Not connected",
    "not-attempted": "Not called",
    "pending": "Pending",
}
METHOD_LABELS = {
    "bridged": "Call me (bridged)",
    "call-in": "Call-in number",
    "self-dialed": "Dialed themselves",
}


def chamber_label(chamber: str) -> str:
    return CHAMBER_LABELS.get(chamber, chamber)


def district_label(chamber: str, district: str) -> str:
    """ "at large" for a single-district state's House seat; "" for statewide seats."""
    if chamber == "us-house" and district.lstrip("0") == "":
        return "at large"
    return district.lstrip("0") if chamber == "us-house" else district


def counts_json(counts: LegCounts) -> dict[str, Any]:
    return {
        "calls": counts.calls,
        "connected": counts.connected,
        "contacts": counts.contacts,
        "voicemails": counts.voicemails,
        "reached": counts.reached,
        "share_reached": round(counts.share_reached, 4),
        "outcomes": dict(counts.outcomes),
    }


def tallies_json(tallies: CampaignTallies) -> dict[str, Any]:
    headline = tallies.headline
    return {
        "campaign": tallies.slug,
        "title": tallies.title,
        "filters": tallies.filters.as_dict(),
        "calls_started": headline.calls_started,
        "unique_callers": headline.unique_callers,
        "calls_made": headline.counts.made,
        "goal": headline.goal,
        "goal_progress": None if headline.goal_share is None else round(headline.goal_share, 4),
        **counts_json(headline.counts),
        "targets": [
            {
                "id": t.target_id,
                "name": t.name,
                "chamber": t.chamber,
                "state": t.state,
                "district": t.district,
                **counts_json(t.counts),
            }
            for t in tallies.targets
        ],
        "states": [{"state": s.state, **counts_json(s.counts)} for s in tallies.states],
        "districts": [
            {"chamber": d.chamber, "state": d.state, "district": d.district, **counts_json(d.counts)}
            for d in tallies.districts
        ],
        "over_time": {"hourly": _points_json(tallies.hourly), "daily": _points_json(tallies.daily)},
    }


def _points_json(points: list[TimePoint]) -> list[dict[str, Any]]:
    return [
        {"start": p.start.isoformat(), "calls_started": p.calls_started, "calls": p.calls} for p in points
    ]


def daily_chart(tallies: CampaignTallies) -> Markup:
    bars = [
        Bar(p.start.strftime("%b %-d"), p.calls, f"{p.start:%a %b %-d}: {p.calls} calls")
        for p in tallies.daily
    ]
    return bar_chart_svg(bars=bars, title="Calls per day (UTC)", every_nth_label=max(len(bars) // 10, 1))


def hourly_chart(tallies: CampaignTallies) -> Markup:
    bars = [
        Bar(p.start.strftime("%H:00"), p.calls, f"{p.start:%b %-d %H:00}: {p.calls} calls")
        for p in tallies.hourly
    ]
    return bar_chart_svg(bars=bars, title="Calls per hour, last 3 days (UTC)", every_nth_label=12)
