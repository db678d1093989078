"""CSV exports of the dashboard's tables and of raw legs. No phone numbers, no addresses.

Every text cell that a spreadsheet would read as a formula (OWASP's CSV injection: one starting
with = + - @, a tab or a carriage return) is written with a leading apostrophe, so a target named
`=HYPERLINK(...)` in a campaign file is shown as text, never run, when staff open the download.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Protocol

from sqlalchemy import Engine
from sqlmodel import Session

from app.kernel.vocabulary import TALLY_COLUMNS
from app.storage.db import session_scope
from app.tallies.facts import LegFacts
from app.tallies.filters import TallyFilter
from app.tallies.queries import CampaignTallies, LegCounts, TimePoint

TABLES = ("targets", "states", "districts", "over-time")
LEGS_PER_CHUNK = 1000
COUNT_COLUMNS = ["calls", "connected", *TALLY_COLUMNS, "reached", "share_reached"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LEG_COLUMNS = [
    "campaign",
    "started_at",
    "target_id",
    "target_name",
    "chamber",
    "state",
    "district",
    "language",
    "method",
    "connected",
    "outcome",
]


class LegSource(Protocol):
    """Where raw legs come from (the calls package's leg table); yields them oldest first."""

    def iter_legs(self, session: Session, *, campaign: str, filters: TallyFilter) -> Iterable[LegFacts]: ...


class _SafeWriter:
    """csv.writer, with each text cell a spreadsheet could take for a formula made plain text.

    Rows end in CRLF (RFC 4180), so a cell holding a lone CR is quoted rather than read as a new row.
    """

    def __init__(self, out: io.StringIO) -> None:
        self._writer = csv.writer(out, lineterminator="\r\n")

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([safe_cell(cell) for cell in row])


def safe_cell(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def count_cells(counts: LegCounts) -> list[object]:
    return [
        counts.calls,
        counts.connected,
        *(counts.outcomes[o] for o in TALLY_COLUMNS),
        counts.reached,
        f"{counts.share_reached:.4f}",
    ]


def tally_table_csv(tallies: CampaignTallies, *, table: str) -> str:
    """One dashboard table as CSV text; `table` is one of TABLES."""
    out = io.StringIO()
    writer = _SafeWriter(out)
    if table == "targets":
        writer.writerow(["target_id", "name", "chamber", "state", "district", *COUNT_COLUMNS])
        for t in tallies.targets:
            writer.writerow([t.target_id, t.name, t.chamber, t.state, t.district, *count_cells(t.counts)])
    elif table == "states":
        writer.writerow(["state", *COUNT_COLUMNS])
        for s in tallies.states:
            writer.writerow([s.state, *count_cells(s.counts)])
    elif table == "districts":
        writer.writerow(["chamber", "state", "district", *COUNT_COLUMNS])
        for d in tallies.districts:
            writer.writerow([d.chamber, d.state, d.district, *count_cells(d.counts)])
    elif table == "over-time":
        writer.writerow(["period", "start", "calls_started", "calls"])
        _write_points(writer, "day", tallies.daily)
        _write_points(writer, "hour", tallies.hourly)
    else:
        raise ValueError(f"unknown tally table {table!r}")
    return out.getvalue()


def _write_points(writer: _SafeWriter, period: str, points: list[TimePoint]) -> None:
    for point in points:
        writer.writerow([period, point.start.isoformat(), point.calls_started, point.calls])


def stream_legs_csv(
    engine: Engine, *, source: LegSource, campaign: str, filters: TallyFilter
) -> Iterator[str]:
    """The raw legs CSV in chunks, read in a session of its own (a long download holds no request's)."""
    buffer = io.StringIO()
    writer = _SafeWriter(buffer)
    writer.writerow(LEG_COLUMNS)
    with session_scope(engine) as session:
        for count, leg in enumerate(source.iter_legs(session, campaign=campaign, filters=filters), start=1):
            writer.writerow(leg_cells(leg))
            if count % LEGS_PER_CHUNK == 0:
                yield _drain(buffer)
    yield _drain(buffer)


def leg_cells(leg: LegFacts) -> list[object]:
    return [
        leg.campaign,
        leg.started_at.isoformat(),
        leg.target_id,
        leg.target_name,
        leg.chamber,
        leg.state,
        leg.district,
        leg.language,
        leg.method,
        int(leg.connected),
        leg.outcome_key,
    ]


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
