"""A scheduled call's time as its constituent reads it: their own zone and language."""

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time


def local_time(at: datetime, *, zone: str, language: str) -> str:
    """ "Tuesday, December 8, 2026, 9:00 AM EST" / "martes, 8 de diciembre de 2026, 9:00 EST"."""
    local = at.astimezone(ZoneInfo(zone))
    day = format_date(local.date(), format="full", locale=language)
    clock = format_time(local.time(), format="short", locale=language)
    return f"{day}, {clock} {local.tzname()}"
