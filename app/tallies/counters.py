"""Counter writes: called by whoever records a leg's change, in the same transaction.

Every write is one `INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n` per counter row, so
concurrent writers never lose an increment (on SQLite and PostgreSQL alike), and a change is
counted by its difference: the old outcome's column goes down, the new one's up, and an unchanged
leg (a repeated callback) writes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Executable, Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel

from app.kernel.vocabulary import CallMethod
from app.models.partner_tallies import TallyPartnerCaller, TallyPartnerDay, TallyPartnerTarget
from app.models.tallies import (
    OUTCOME_COLUMNS,
    TallyCallDay,
    TallyCaller,
    TallyCallHour,
    TallyDay,
    TallyHour,
    TallyTarget,
    TallyTargetDay,
    TallyTargetTotal,
    outcome_column,
)
from app.tallies.facts import LegFacts, hour_of

_HOUR_KEY = ("campaign", "hour", "chamber", "language", "method")
_DAY_KEY = ("campaign", "day", "chamber", "language", "method")
_TARGET_KEY = ("campaign", "day", "target_id", "language", "method")
_TARGET_CAMPAIGN_KEY = ("campaign", "target_id", "language", "method")
_TARGET_TOTAL_KEY = ("campaign", "target_id")
_CALL_KEY = ("campaign", "hour", "language", "method")
_CALL_DAY_KEY = ("campaign", "day", "language", "method")
_PARTNER_DAY_KEY = ("campaign", "partner_id", "source", "day")
_PARTNER_TARGET_KEY = ("campaign", "partner_id", "source", "target_id")
_PARTNER_CALLER_KEY = ("campaign", "partner_id", "source", "caller_key")


def count_leg_change(session: Session, *, before: LegFacts | None, after: LegFacts | None) -> None:
    """Move one leg from the counters' `before` state to `after` (None: the leg did not exist / is gone).

    Call it with the leg's facts as they were before the write and as they are after it. Equal
    facts are a no-op, so a duplicate callback never counts twice; a corrected outcome moves the
    leg from one outcome's column to the other's, in the same row: one write per counter table.
    """
    if before == after:
        return
    changes: dict[tuple[Table, tuple[Any, ...]], _CounterChange] = {}
    for leg, sign in ((before, -1), (after, 1)):
        if leg is None:
            continue
        for change in _leg_changes(leg, sign=sign):
            key = (change.table, tuple(change.row[name] for name in change.key))
            if key in changes:
                changes[key].absorb(change)
            else:
                changes[key] = change
    for change in changes.values():
        if any(change.counts.values()):
            _upsert_add(
                session,
                change.table,
                change.row,
                key=change.key,
                counts=change.counts,
                refresh=change.refresh,
            )


def count_call_started(
    session: Session,
    *,
    campaign: str,
    started_at: datetime,
    method: CallMethod,
    language: str,
    caller_key: str,
    partner_id: int | None = None,
    source: str = "",
) -> None:
    """Count one call session; `caller_key` (a keyed phone hash or browser token) makes callers unique.

    A call a partner brought, or with a source code, is counted again by partner and source."""
    first_time = _insert_ignore(
        session,
        _table(TallyCaller),
        {"campaign": campaign, "caller_key": caller_key, "first_seen": started_at},
        key=("campaign", "caller_key"),
    )
    counts = {"calls": 1, "new_callers": int(first_time)}
    hour = hour_of(started_at)
    row = {"campaign": campaign, "hour": hour, "language": language, "method": method}
    _upsert_add(session, _table(TallyCallHour), row, key=_CALL_KEY, counts=counts)
    day_row = {"campaign": campaign, "day": hour.date(), "language": language, "method": method}
    _upsert_add(session, _table(TallyCallDay), day_row, key=_CALL_DAY_KEY, counts=counts)
    if partner_id is not None or source:
        partner = {"campaign": campaign, "partner_id": partner_id or 0, "source": source}
        first_here = _insert_ignore(
            session,
            _table(TallyPartnerCaller),
            {**partner, "caller_key": caller_key},
            key=_PARTNER_CALLER_KEY,
        )
        partner_counts = {"calls": 1, "new_callers": int(first_here)}
        partner_day = {**partner, "day": hour.date()}
        _upsert_add(
            session, _table(TallyPartnerDay), partner_day, key=_PARTNER_DAY_KEY, counts=partner_counts
        )


@dataclass
class _CounterChange:
    """What one leg adds to one counter row (negative counts take away)."""

    table: Table
    row: dict[str, Any]
    key: tuple[str, ...]
    counts: dict[str, int]
    refresh: tuple[str, ...] = ()

    def absorb(self, later: "_CounterChange") -> None:
        """Add a later change of the same row: its counts, and its names (a renamed target's)."""
        self.row = later.row
        for name, n in later.counts.items():
            self.counts[name] += n


def _leg_changes(leg: LegFacts, *, sign: int) -> list[_CounterChange]:
    connected = sign * int(leg.connected)

    def by_outcome() -> dict[str, int]:
        counts = dict.fromkeys(OUTCOME_COLUMNS, 0)
        counts["connected"] = connected
        counts[outcome_column(leg.outcome_key)] = sign
        return counts

    common = {"campaign": leg.campaign, "language": leg.language, "method": leg.method}
    target_row = {
        **common,
        "target_id": leg.target_id,
        "target_name": leg.target_name,
        "chamber": leg.chamber,
        "state": leg.state,
        "district": leg.district,
    }
    refresh = ("target_name",)
    total_row = {name: target_row[name] for name in target_row if name not in ("language", "method")}
    return [
        *_partner_changes(leg, total_row, by_outcome),
        _CounterChange(
            _table(TallyHour),
            {**common, "hour": leg.hour, "chamber": leg.chamber},
            _HOUR_KEY,
            {"legs": sign, "connected": connected},
        ),
        _CounterChange(
            _table(TallyDay), {**common, "day": leg.day, "chamber": leg.chamber}, _DAY_KEY, by_outcome()
        ),
        _CounterChange(_table(TallyTarget), target_row, _TARGET_CAMPAIGN_KEY, by_outcome(), refresh),
        _CounterChange(
            _table(TallyTargetDay), {**target_row, "day": leg.day}, _TARGET_KEY, by_outcome(), refresh
        ),
        _CounterChange(_table(TallyTargetTotal), total_row, _TARGET_TOTAL_KEY, by_outcome(), refresh),
    ]


def _partner_changes(
    leg: LegFacts, target_row: dict[str, Any], by_outcome: Callable[[], dict[str, int]]
) -> list[_CounterChange]:
    """The partner counters' share of a leg's change: none for a leg nobody brought."""
    if not leg.attributed:
        return []
    partner = {"partner_id": leg.partner_id or 0, "source": leg.source}
    return [
        _CounterChange(
            _table(TallyPartnerDay),
            {"campaign": leg.campaign, **partner, "day": leg.day},
            _PARTNER_DAY_KEY,
            by_outcome(),
        ),
        _CounterChange(
            _table(TallyPartnerTarget),
            {**target_row, **partner},
            _PARTNER_TARGET_KEY,
            by_outcome(),
            ("target_name",),
        ),
    ]


def _table(model: type[SQLModel]) -> Table:
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


def _insert_for(session: Session) -> Any:
    return _insert_of(session.get_bind().dialect.name)


def _insert_of(dialect: str) -> Any:
    if dialect == "postgresql":
        return postgresql.insert
    if dialect == "sqlite":
        return sqlite.insert
    raise RuntimeError(f"tallies support SQLite and PostgreSQL, not {dialect}")


def _upsert_add(
    session: Session,
    table: Table,
    row: dict[str, Any],
    *,
    key: tuple[str, ...],
    counts: dict[str, int],
    refresh: tuple[str, ...] = (),
) -> None:
    dialect = session.get_bind().dialect.name
    statement = _upsert_statement(dialect, table, tuple(row), key=key, counts=tuple(counts), refresh=refresh)
    session.connection().execute(statement, {**row, **counts})


@cache
def _upsert_statement(
    dialect: str,
    table: Table,
    columns: tuple[str, ...],
    *,
    key: tuple[str, ...],
    counts: tuple[str, ...],
    refresh: tuple[str, ...],
) -> Executable:
    """Built once per shape: a counter write then costs only its execution (webhooks make many)."""
    statement = _insert_of(dialect)(table).values({name: bindparam(name) for name in (*columns, *counts)})
    updates = {name: table.c[name] + statement.excluded[name] for name in counts}
    updates.update({name: statement.excluded[name] for name in refresh})
    upsert: Executable = statement.on_conflict_do_update(index_elements=list(key), set_=updates)
    return upsert


def _insert_ignore(session: Session, table: Table, row: dict[str, Any], *, key: tuple[str, ...]) -> bool:
    """Insert unless the key exists; True when this call inserted the row."""
    statement = (
        _insert_for(session)(table)
        .values(**row)
        .on_conflict_do_nothing(index_elements=list(key))
        .returning(table.c[key[-1]])
    )
    return session.connection().execute(statement).first() is not None
