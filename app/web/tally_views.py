"""The dashboard's charts of a campaign's tallies."""

from markupsafe import Markup

from app.tallies.queries import CampaignTallies
from app.web.charts import Bar, bar_chart_svg


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
