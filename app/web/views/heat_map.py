"""The tallies page's heat map: per office, hour × weekday tables of the calls that did not get
through (app.tallies.office_heat), shaded by count, readable as a plain table without colour."""

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from app.i18n.catalog import words
from app.i18n.languages import DEFAULT_LANGUAGE
from app.tallies.office_heat import CLOSED, OfficeHeat
from app.web.views.office_times import zone_abbreviation
from app.web.views.tally_views import outcome_label

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# The hours every table shows, widened to any hour with calls or opening hours outside them.
FIRST_HOUR, LAST_HOUR = 7, 19
LEVELS = 4


@dataclass(frozen=True)
class HeatCell:
    count: int
    level: int  # 0 (none) to LEVELS (the office's busiest cell)
    open: bool  # inside the office's weekly hours (or its hours are unknown)
    detail: str  # "Line busy 2, Office closed 1"


@dataclass(frozen=True)
class HeatRow:
    hour: str
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class HeatTable:
    phone: str
    caption: str
    zone: str
    summary: str
    rows: tuple[HeatRow, ...]
    weekdays: tuple[str, ...] = WEEKDAYS


def heat_tables(heats: list[OfficeHeat]) -> list[HeatTable]:
    return [_table(heat) for heat in heats]


def kind_label(kind: str) -> str:
    """A dial status in the status's words ("Line busy"); an outcome someone reported with its
    staff name, marked as reported; a value the catalog does not name yet, as stored."""
    if kind == CLOSED:
        return "Office closed"
    status = words(DEFAULT_LANGUAGE, "status").get(kind)
    if status:
        return status[:1].upper() + status[1:]
    named = outcome_label(kind)
    if named != kind:
        return f"{named} (reported)"
    return kind


def hour_label(hour: int) -> str:
    return f"{hour % 12 or 12} {'am' if hour < 12 else 'pm'}"


def _table(heat: OfficeHeat) -> HeatTable:
    zone = zone_abbreviation(datetime.now(UTC).astimezone(heat.zone))
    office = heat.office
    where = f"{office.city or office.state} office ({office.kind})" if office else "office"
    busiest = max(heat.totals.values(), default=0)
    hours = [h for _, h in (*heat.totals, *heat.open_hours)]
    first, last = min([FIRST_HOUR, *hours]), max([LAST_HOUR, *hours])
    rows = tuple(
        HeatRow(hour_label(hour), tuple(_cell(heat, (day, hour), busiest) for day in range(7)))
        for hour in range(first, last + 1)
    )
    summary = ", ".join(f"{kind_label(k)} {n}" for k, n in sorted(heat.kinds.items(), key=lambda kv: -kv[1]))
    caption = f"{heat.target_name}: {where}, {heat.phone}"
    return HeatTable(phone=heat.phone, caption=caption, zone=zone, summary=summary, rows=rows)


def _cell(heat: OfficeHeat, cell: tuple[int, int], busiest: int) -> HeatCell:
    count = heat.totals.get(cell, 0)
    kinds = heat.cells.get(cell, {})
    return HeatCell(
        count=count,
        level=math.ceil(LEVELS * count / busiest) if count else 0,
        open=heat.office is None or cell in heat.open_hours,
        detail=", ".join(f"{kind_label(k)} {n}" for k, n in sorted(kinds.items())),
    )
