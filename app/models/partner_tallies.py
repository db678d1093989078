"""Tallies by partner and source: counters kept beside the campaign's own (app/models/tallies.py).

Only calls that came through a partner's link or number, or with a source code, are counted here;
`partner_id` 0 means "no partner" (a source code alone) and `source` "" means none, so every key
column stays NOT NULL. What came through nobody is the campaign's total less these.
"""

from datetime import date

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from app.kernel.vocabulary import Chamber, Custom, TargetKind
from app.models.columns import Vocabulary
from app.models.tallies import CounterColumns, OutcomeCountColumns


class PartnerColumns(CounterColumns):
    partner_id: int = 0
    source: str = Field(default="", max_length=80)


class TallyPartnerDay(OutcomeCountColumns, PartnerColumns, table=True):
    """Calls, first-time callers and legs (by outcome) per campaign, partner, source and UTC day."""

    __tablename__ = "tally_partner_day"
    __table_args__ = (
        UniqueConstraint("campaign", "partner_id", "source", "day", name="uq_tally_partner_day"),
    )

    day: date
    calls: int = 0
    new_callers: int = 0


class TallyPartnerTarget(OutcomeCountColumns, PartnerColumns, table=True):
    """Legs per campaign, partner, source and target (with chamber, state and district), by outcome."""

    __tablename__ = "tally_partner_target"
    __table_args__ = (
        UniqueConstraint("campaign", "partner_id", "source", "target_id", name="uq_tally_partner_target"),
    )

    target_id: str = Field(max_length=80)
    target_name: str = Field(max_length=200)
    chamber: TargetKind = Field(sa_type=Vocabulary(Chamber, Custom, length=20))
    state: str = Field(max_length=2)
    district: str = Field(max_length=60)


class TallyPartnerCaller(PartnerColumns, table=True):
    """Who has called a campaign through a partner (a keyed hash or browser token only)."""

    __tablename__ = "tally_partner_caller"
    __table_args__ = (
        UniqueConstraint("campaign", "partner_id", "source", "caller_key", name="uq_tally_partner_caller"),
    )

    caller_key: str = Field(max_length=128)
