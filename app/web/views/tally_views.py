"""The dashboard's charts of a campaign's tallies."""

from markupsafe import Markup

from app.i18n.catalog import words
from app.i18n.languages import DEFAULT_LANGUAGE
from app.kernel.vocabulary import Chamber
from app.tallies.queries import CampaignTallies
from app.web.views.charts import Bar, bar_chart_svg

# Staff read words, not codes: the catalog's `staff` section names each outcome (and the pending
# column), chamber and method. The staff pages are in the default language.


def outcome_label(column: str) -> str:
    return _staff_word("outcome", column)


def chamber_label(chamber: str) -> str:
    return _staff_word("chamber", chamber)


def method_label(method: str) -> str:
    return _staff_word("method", method)


def _staff_word(kind: str, code: str) -> str:
    return words(DEFAULT_LANGUAGE, "staff").get(f"{kind}_{code}", code)


def district_label(chamber: str, district: str) -> str:
    """ "at large" for a single-district state's House seat; "" for statewide seats."""
    if chamber == Chamber.US_HOUSE and district.lstrip("0") == "":
        return "at large"
    return district.lstrip("0") if chamber == Chamber.US_HOUSE else district


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
