"""Tallies: running counters kept exact as legs change (app/tallies), so dashboards never scan legs.

Every key column is NOT NULL (NULLs would defeat the unique keys the upserts conflict on). The
tables share their columns through the column groups below; each table adds its time bucket.
Counters by outcome keep the outcomes side by side, one column each (`outcome_column`): a leg whose
outcome changes moves from one column to another of the same row, and a dashboard reads one row per
target or day instead of one per outcome.
"""

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app.kernel.vocabulary import TALLY_COLUMNS, CallMethod, Chamber, Custom, TargetKind
from app.models.columns import Vocabulary


def outcome_column(outcome: str) -> str:
    """The counter column of an outcome (or of `pending`): its name with underscores."""
    return outcome.replace("-", "_")


OUTCOME_COLUMNS: tuple[str, ...] = tuple(outcome_column(name) for name in TALLY_COLUMNS)


class CounterColumns(SQLModel):
    """What every counter row has: its id and the campaign it counts for."""

    id: int | None = Field(default=None, primary_key=True)
    campaign: str = Field(max_length=80)


class OutcomeCountColumns(SQLModel):
    """Legs by how they ended, one column per outcome in TALLY_COLUMNS order, and how many connected."""

    connected: int = 0
    contact: int = 0
    voicemail: int = 0
    unavailable: int = 0
    skipped: int = 0
    wrong_number: int = 0
    mailbox_full: int = 0
    failed: int = 0
    no_consent: int = 0
    not_attempted: int = 0
    pending: int = 0


class LegDimensionColumns(SQLModel):
    """The legs' chamber, language and method."""

    chamber: TargetKind = Field(sa_type=Vocabulary(Chamber, Custom, length=20))
    language: str = Field(max_length=12)
    method: CallMethod = Field(sa_type=Vocabulary(CallMethod, length=12))


class TallyDay(OutcomeCountColumns, LegDimensionColumns, CounterColumns, table=True):
    """Legs per campaign and UTC day, by chamber, language and method, with their outcomes."""

    __tablename__ = "tally_day"
    __table_args__ = (
        UniqueConstraint("campaign", "day", "chamber", "language", "method", name="uq_tally_day"),
    )

    day: date


class TallyHour(LegDimensionColumns, CounterColumns, table=True):
    """Legs per campaign and UTC hour, by chamber, language and method: the hourly chart."""

    __tablename__ = "tally_hour"
    __table_args__ = (
        UniqueConstraint("campaign", "hour", "chamber", "language", "method", name="uq_tally_hour"),
    )

    hour: datetime
    legs: int = 0
    connected: int = 0


class TargetColumns(OutcomeCountColumns, CounterColumns):
    """Legs per target (with its chamber, state and district), with their outcomes."""

    target_id: str = Field(max_length=80)
    target_name: str = Field(max_length=200)
    chamber: TargetKind = Field(sa_type=Vocabulary(Chamber, Custom, length=20))
    state: str = Field(max_length=2)
    district: str = Field(max_length=60)


class TargetSplitColumns(TargetColumns):
    """The per-target counts split by the leg's language and method."""

    language: str = Field(max_length=12)
    method: CallMethod = Field(sa_type=Vocabulary(CallMethod, length=12))


class TallyTargetDay(TargetSplitColumns, table=True):
    """Legs per campaign, UTC day, target (with chamber, state, district), language and method."""

    __tablename__ = "tally_target_day"
    __table_args__ = (
        UniqueConstraint("campaign", "day", "target_id", "language", "method", name="uq_tally_target_day"),
    )

    day: date


class TallyTarget(TargetSplitColumns, table=True):
    """The same as TallyTargetDay over the whole campaign: what an unfiltered-by-date dashboard reads."""

    __tablename__ = "tally_target"
    __table_args__ = (
        UniqueConstraint("campaign", "target_id", "language", "method", name="uq_tally_target"),
    )


class TallyTargetTotal(TargetColumns, table=True):
    """Legs per campaign and target, all languages and methods: the whole-campaign dashboard.

    One row per target (six times fewer than TallyTarget: two languages, three methods).
    """

    __tablename__ = "tally_target_total"
    __table_args__ = (UniqueConstraint("campaign", "target_id", name="uq_tally_target_total"),)


class CallCounterColumns(CounterColumns):
    """Calls started (one per constituent session) and first-time callers, by language and method."""

    language: str = Field(max_length=12)
    method: CallMethod = Field(sa_type=Vocabulary(CallMethod, length=12))
    calls: int = 0
    new_callers: int = 0


class TallyCallHour(CallCounterColumns, table=True):
    """Calls started and first-time callers per campaign and UTC hour."""

    __tablename__ = "tally_call_hour"
    __table_args__ = (UniqueConstraint("campaign", "hour", "language", "method", name="uq_tally_call_hour"),)

    hour: datetime


class TallyCallDay(CallCounterColumns, table=True):
    """The same as TallyCallHour per UTC day: what the headline and the daily chart read."""

    __tablename__ = "tally_call_day"
    __table_args__ = (UniqueConstraint("campaign", "day", "language", "method", name="uq_tally_call_day"),)

    day: date


class TallyCaller(CounterColumns, table=True):
    """Who has called a campaign, as a keyed hash or browser token only: makes unique callers exact."""

    __tablename__ = "tally_caller"
    __table_args__ = (UniqueConstraint("campaign", "caller_key", name="uq_tally_caller"),)

    caller_key: str = Field(max_length=128)
    first_seen: datetime
