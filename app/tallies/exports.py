"""CSV exports of the dashboard's tables and of raw legs. No phone numbers, no addresses."""

import csv
import io
from collections.abc import Iterable
from typing import Any, Protocol, TextIO

from sqlmodel import Session

from app.tallies.facts import LegFacts
from app.tallies.queries import (
    OUTCOME_KEYS,
    CampaignTallies,
    LegCounts,
    TallyFilter,
    TimePoint,
)

TABLES = ("targets", "states", "districts", "over-time")
COUNT_COLUMNS = ["calls", "connected", *OUTCOME_KEYS, "reached", "share_reached"]
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


def count_cells(counts: LegCounts) -> list[object]:
    return [
        counts.calls,
        counts.connected,
        *(counts.outcomes[o] for o in OUTCOME_KEYS),
        counts.reached,
        f"{counts.share_reached:.4f}",
    ]


def tally_table_csv(tallies: CampaignTallies, *, table: str) -> str:
    """One dashboard table as CSV text; `table` is one of TABLES."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
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


def _write_points(writer: Any, period: str, points: list[TimePoint]) -> None:
    for point in points:
        writer.writerow([period, point.start.isoformat(), point.calls_started, point.calls])


def write_legs_csv(legs: Iterable[LegFacts], out: TextIO) -> None:
    """Raw legs, one row each, streamed: what a LegSource yields, without any caller identity."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LEG_COLUMNS)
    for leg in legs:
        writer.writerow(
            [
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
        )
