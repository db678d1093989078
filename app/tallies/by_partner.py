"""Tallies by partner and source: what each partner organization brought to a campaign.

Reads only the partner counters (app/models/partner_tallies.py): a few rows per partner, source
and day, whatever the number of calls; one query per table whatever the number of partners. A
partner's own view is the same read with its id (`only`): no other partner's rows are read.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.campaigns.partners import partners_of
from app.kernel.vocabulary import TALLY_COLUMNS
from app.models.partner_tallies import TallyPartnerDay, TallyPartnerTarget
from app.models.tallies import OUTCOME_COLUMNS, TallyCallDay
from app.tallies.exports import safe_cell
from app.tallies.queries import LegCounts

NO_PARTNER = "(no partner)"


@dataclass
class PartnerLine:
    """One partner (and source) with its calls, callers and legs by outcome."""

    partner_id: int
    name: str
    code: str
    source: str = ""
    calls: int = 0
    callers: int = 0
    legs: LegCounts = field(default_factory=LegCounts)


@dataclass
class PartnerTarget:
    partner: str
    target_id: str
    name: str
    chamber: str
    state: str
    district: str
    legs: LegCounts = field(default_factory=LegCounts)


@dataclass
class PartnerTallies:
    campaign: str
    lines: list[PartnerLine]  # one per partner and source
    partners: list[PartnerLine]  # one per partner, sources summed
    targets: list[PartnerTarget]
    days: list[tuple[date, str, int]]  # (day, partner name, calls)
    campaign_calls: int | None  # the whole campaign's calls (owners only)


def partner_tallies(session: Session, *, slug: str, only: int | None = None) -> PartnerTallies:
    """The campaign's counts by partner and source; `only` one partner's (a partner's own view)."""
    names = {p.id: (p.name, p.code) for p in partners_of(session, slug=slug) if only in (None, p.id)}
    names[0] = (NO_PARTNER, "")
    lines = _lines(session, slug=slug, only=only, names=names)
    return PartnerTallies(
        campaign=slug,
        lines=lines,
        partners=_by_partner(lines, names=names, only=only),
        targets=_targets(session, slug=slug, only=only, names=names),
        days=_days(session, slug=slug, only=only, names=names),
        campaign_calls=None if only is not None else _campaign_calls(session, slug=slug),
    )


def leaderboard(session: Session, *, slug: str) -> list[tuple[str, int]]:
    """(partner name, calls) of the campaign's active partners, most calls first: all the public
    page shows (no outcomes, no sources, no paused or invited partner)."""
    active = {p.id: p.name for p in partners_of(session, slug=slug) if p.status == "active"}
    rows = session.connection().execute(
        sa_select(col(TallyPartnerDay.partner_id), func.sum(TallyPartnerDay.calls))
        .where(col(TallyPartnerDay.campaign) == slug)
        .group_by(col(TallyPartnerDay.partner_id))
    )
    calls = {pid: int(n or 0) for pid, n in rows}
    return sorted(
        ((name, calls.get(pid, 0)) for pid, name in active.items()), key=lambda r: (-r[1], r[0].lower())
    )


def _sums(model: Any) -> list[Any]:
    """connected, then one sum per outcome column in TALLY_COLUMNS order."""
    return [func.sum(model.connected), *(func.sum(getattr(model, name)) for name in OUTCOME_COLUMNS)]


def _counts(values: tuple[Any, ...]) -> LegCounts:
    counts = LegCounts()
    connected, *by_outcome = (int(v or 0) for v in values)
    for outcome, n in zip(TALLY_COLUMNS, by_outcome, strict=True):
        counts.add(outcome=outcome, legs=n, connected=0)
    counts.connected = connected
    return counts


def _lines(
    session: Session, *, slug: str, only: int | None, names: dict[int, tuple[str, str]]
) -> list[PartnerLine]:
    query = (
        sa_select(
            col(TallyPartnerDay.partner_id),
            col(TallyPartnerDay.source),
            func.sum(TallyPartnerDay.calls),
            func.sum(TallyPartnerDay.new_callers),
            *_sums(TallyPartnerDay),
        )
        .where(col(TallyPartnerDay.campaign) == slug)
        .group_by(col(TallyPartnerDay.partner_id), col(TallyPartnerDay.source))
        .order_by(col(TallyPartnerDay.partner_id), col(TallyPartnerDay.source))
    )
    if only is not None:
        query = query.where(col(TallyPartnerDay.partner_id) == only)
    lines = []
    for partner_id, source, calls, callers, *outcomes in session.connection().execute(query):
        name, code = names.get(partner_id, (f"partner {partner_id}", ""))
        lines.append(
            PartnerLine(
                partner_id, name, code, source, int(calls or 0), int(callers or 0), _counts(tuple(outcomes))
            )
        )
    return lines


def _by_partner(
    lines: list[PartnerLine], *, names: dict[int, tuple[str, str]], only: int | None
) -> list[PartnerLine]:
    """One line per partner (every partner, even one with no calls yet), sources summed."""
    totals = {pid: PartnerLine(pid, name, code) for pid, (name, code) in names.items() if pid or only is None}
    for line in lines:
        total = totals.setdefault(line.partner_id, PartnerLine(line.partner_id, line.name, line.code))
        total.calls += line.calls
        total.callers += line.callers
        total.legs.calls += line.legs.calls
        total.legs.connected += line.legs.connected
        for outcome, n in line.legs.outcomes.items():
            total.legs.outcomes[outcome] += n
    shown = [t for t in totals.values() if t.partner_id or t.calls]
    return sorted(shown, key=lambda t: (-t.calls, t.name.lower()))


def _targets(
    session: Session, *, slug: str, only: int | None, names: dict[int, tuple[str, str]]
) -> list[PartnerTarget]:
    model = TallyPartnerTarget
    query = (
        sa_select(
            col(model.partner_id),
            col(model.target_id),
            func.max(model.target_name),
            func.max(model.chamber),
            func.max(model.state),
            func.max(model.district),
            *_sums(model),
        )
        .where(col(model.campaign) == slug)
        .group_by(col(model.partner_id), col(model.target_id))
        .order_by(col(model.partner_id), col(model.target_id))
    )
    if only is not None:
        query = query.where(col(model.partner_id) == only)
    return [
        PartnerTarget(
            names.get(pid, (f"partner {pid}", ""))[0],
            tid,
            name,
            chamber,
            state,
            district,
            _counts(tuple(rest)),
        )
        for pid, tid, name, chamber, state, district, *rest in session.connection().execute(query)
    ]


def _days(
    session: Session, *, slug: str, only: int | None, names: dict[int, tuple[str, str]]
) -> list[tuple[date, str, int]]:
    query = (
        sa_select(col(TallyPartnerDay.day), col(TallyPartnerDay.partner_id), func.sum(TallyPartnerDay.calls))
        .where(col(TallyPartnerDay.campaign) == slug)
        .group_by(col(TallyPartnerDay.day), col(TallyPartnerDay.partner_id))
        .order_by(col(TallyPartnerDay.day), col(TallyPartnerDay.partner_id))
    )
    if only is not None:
        query = query.where(col(TallyPartnerDay.partner_id) == only)
    return [
        (day, names.get(pid, (f"partner {pid}", ""))[0], int(n or 0))
        for day, pid, n in session.connection().execute(query)
    ]


def _campaign_calls(session: Session, *, slug: str) -> int:
    total = session.exec(select(func.sum(TallyCallDay.calls)).where(TallyCallDay.campaign == slug)).one()
    return int(total or 0)


def partner_csv(tallies: PartnerTallies, *, table: str) -> str:
    """`partners` (one row per partner and source), `targets` or `over-time`, as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out)
    outcomes = list(LegCounts().outcomes)
    if table == "targets":
        writer.writerow(
            ["partner", "target_id", "name", "chamber", "state", "district", "legs", "connected", *outcomes]
        )
        for t in tallies.targets:
            fixed = [t.partner, t.target_id, t.name, t.chamber, t.state, t.district]
            writer.writerow(
                [*map(safe_cell, fixed), t.legs.calls, t.legs.connected, *t.legs.outcomes.values()]
            )
    elif table == "over-time":
        writer.writerow(["day", "partner", "calls"])
        for day, name, calls in tallies.days:
            writer.writerow([day.isoformat(), safe_cell(name), calls])
    else:
        writer.writerow(["partner", "code", "source", "calls", "callers", "legs", "connected", *outcomes])
        for line in tallies.lines:
            fixed = [line.name, line.code, line.source]
            writer.writerow(
                [
                    *map(safe_cell, fixed),
                    line.calls,
                    line.callers,
                    line.legs.calls,
                    line.legs.connected,
                    *line.legs.outcomes.values(),
                ]
            )
    return out.getvalue()
