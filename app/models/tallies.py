"""Tallies: running counters kept exact as legs change (app/tallies), so dashboards never scan legs.

Every key column is NOT NULL (NULLs would defeat the unique keys the upserts conflict on). The
tables share their columns through the column groups below; each table adds its time bucket.
"""

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class CounterColumns(SQLModel):
    """What every counter row has: its id and the campaign it counts for."""

    id: int | None = Field(default=None, primary_key=True)
    campaign: str = Field(max_length=80)


class LegCounterColumns(CounterColumns):
    """Legs by chamber, language and method: how many, and how many connected to an office."""

    chamber: str = Field(max_length=20)
    language: str = Field(max_length=12)
    method: str = Field(max_length=12)
    legs: int = 0
    connected: int = 0


class TallyDay(LegCounterColumns, table=True):
    """Legs per campaign and UTC day, by chamber, language, method and outcome (`pending` = none yet)."""

    __tablename__ = "tally_day"
    __table_args__ = (
        UniqueConstraint("campaign", "day", "chamber", "language", "method", "outcome", name="uq_tally_day"),
    )

    day: date
    outcome: str = Field(max_length=16)


class TallyHour(LegCounterColumns, table=True):
    """Legs per campaign and UTC hour, by chamber, language and method: the hourly chart."""

    __tablename__ = "tally_hour"
    __table_args__ = (
        UniqueConstraint("campaign", "hour", "chamber", "language", "method", name="uq_tally_hour"),
    )

    hour: datetime


class TargetTotalColumns(CounterColumns):
    """Legs per target (with its chamber, state and district) and outcome, and how many connected."""

    target_id: str = Field(max_length=80)
    target_name: str = Field(max_length=200)
    chamber: str = Field(max_length=20)
    state: str = Field(max_length=2)
    district: str = Field(max_length=60)
    outcome: str = Field(max_length=16)
    legs: int = 0
    connected: int = 0


class TargetCounterColumns(TargetTotalColumns):
    """The per-target counts split by the leg's language and method."""

    language: str = Field(max_length=12)
    method: str = Field(max_length=12)


class TallyTargetDay(TargetCounterColumns, table=True):
    """Legs per campaign, UTC day, target (with chamber, state, district), language, method, outcome."""

    __tablename__ = "tally_target_day"
    __table_args__ = (
        UniqueConstraint(
            "campaign", "day", "target_id", "language", "method", "outcome", name="uq_tally_target_day"
        ),
    )

    day: date


class TallyTarget(TargetCounterColumns, table=True):
    """The same as TallyTargetDay over the whole campaign: what an unfiltered-by-date dashboard reads."""

    __tablename__ = "tally_target"
    __table_args__ = (
        UniqueConstraint("campaign", "target_id", "language", "method", "outcome", name="uq_tally_target"),
    )


class TallyTargetTotal(TargetTotalColumns, table=True):
    """Legs per campaign, target and outcome, all languages and methods: the whole-campaign dashboard.

    Six times fewer rows than TallyTarget (two languages, three methods), read without a GROUP BY.
    """

    __tablename__ = "tally_target_total"
    __table_args__ = (UniqueConstraint("campaign", "target_id", "outcome", name="uq_tally_target_total"),)


class CallCounterColumns(CounterColumns):
    """Calls started (one per constituent session) and first-time callers, by language and method."""

    language: str = Field(max_length=12)
    method: str = Field(max_length=12)
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
