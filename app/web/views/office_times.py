"""An office's open/closed status in words: "Open now · closes 5:30 pm ET", "Cerrado ahora · abre el
lunes a las 9 a.m. ET", in the page's language and the office's own time zone.

Times, weekdays and dates come from Babel (CLDR, US English and US Spanish: "5:30 p.m." in Spanish as
US Spanish writes it); the sentence around them from the catalog (app/i18n, `ui.hours_*`).
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton, format_time, get_timezone_name

from app.civic.directory.office_status import OfficeStatus
from app.i18n.catalog import text
from app.i18n.languages import translated_language

LOCALES = {"en": "en_US", "es": "es_US"}
# Past this many days ahead, "opens Monday" would be ambiguous: the date is said instead.
WEEKDAY_HORIZON = timedelta(days=6)


def status_line(status: OfficeStatus, *, zone: ZoneInfo, now: datetime, language: str) -> str:
    """The office's status at `now` with when it changes, in `language`, in the office's zone."""
    changes = status.changes_at
    if changes is None:
        return text(language, "ui", "hours_open_now" if status.open_now else "hours_closed_now")
    local = changes.astimezone(zone)
    values = {"at": at_time(local, language=language), "zone": zone_abbreviation(local)}
    if status.open_now:
        return text(language, "ui", "hours_closes", **values)
    today = now.astimezone(zone).date()
    if local.date() == today:
        return text(language, "ui", "hours_opens_today", **values)
    locale = _locale(language)
    if local.date() - today <= WEEKDAY_HORIZON:
        day = format_date(local, "EEEE", locale=locale)
        return text(language, "ui", "hours_opens_on", day=day, **values)
    date = format_skeleton("MMMMd", local, locale=locale)
    return text(language, "ui", "hours_opens_date", date=date, **values)


def at_time(moment: datetime, *, language: str) -> str:
    """ "5:30 pm", "9 am"; in Spanish with its article: "a las 5:30 p.m.", "a la 1 p.m."."""
    pattern = "h a" if moment.minute == 0 else "h:mm a"
    clock = format_time(moment, pattern, locale=_locale(language)).lower()
    key = "hours_at_one" if moment.hour % 12 == 1 else "hours_at"
    return text(language, "ui", key, time=clock)


def zone_abbreviation(moment: datetime) -> str:
    """The zone as Americans name it on a schedule: "ET", "PT", "AKT"; where CLDR has no short
    generic name (Hawaii, Guam), the zone's own abbreviation at that moment ("HST", "ChST")."""
    assert isinstance(moment.tzinfo, ZoneInfo), "a moment in an IANA zone"
    generic = get_timezone_name(moment.tzinfo, "short", locale=LOCALES["en"])
    if generic and " " not in generic:
        return str(generic)
    return moment.tzname() or ""


def _locale(language: str) -> str:
    return LOCALES[translated_language(language)]
