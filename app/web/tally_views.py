"""The dashboard's charts of a campaign's tallies."""

from markupsafe import Markup

from app.tallies.queries import CampaignTallies
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
