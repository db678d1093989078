"""What the tallies by partner show: the "by partner" bar chart."""

from markupsafe import Markup

from app.tallies.by_partner import PartnerTallies
from app.web.views.charts import Bar, bar_chart_svg

CHART_PARTNERS = 30


def partner_chart(tallies: PartnerTallies) -> Markup:
    """Calls per partner, most first (the first CHART_PARTNERS; the table lists every one)."""
    shown = tallies.partners[:CHART_PARTNERS]
    bars = [Bar(line.name[:14], line.calls, f"{line.name}: {line.calls} calls") for line in shown]
    return bar_chart_svg(bars=bars, title="Calls by partner")
