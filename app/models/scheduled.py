"""Scheduled calls and reminders ("Call me when they open"), and the numbers that replied STOP."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from app.kernel.clock import utcnow
from app.kernel.vocabulary import ScheduledKind, ScheduledStatus
from app.models.columns import Vocabulary


class ScheduledCall(SQLModel, table=True):
    """A bridged call (or a text reminder) to place at `due_at`, once.

    The phone number is kept only until then, sealed (`phone_sealed`, app.kernel.privacy.seal),
    with its keyed hash to match a STOP reply; both are cleared once the call is handed to the
    queue, the reminder sent, or the whole thing canceled or given up. No address is stored: the
    legs (the target, the office number to dial, the spoken intro) are resolved when it is made.
    """

    __tablename__ = "scheduled_call"

    id: str = Field(primary_key=True, max_length=40)
    campaign_slug: str = Field(foreign_key="campaign.slug", index=True, max_length=80)
    kind: ScheduledKind = Field(sa_type=Vocabulary(ScheduledKind, length=12))
    status: ScheduledStatus = Field(
        default=ScheduledStatus.SCHEDULED, index=True, sa_type=Vocabulary(ScheduledStatus, length=20)
    )
    language: str = Field(default="en", max_length=12)
    target_id: str = Field(max_length=80)
    target_name: str = Field(default="", max_length=200)
    legs: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The constituent's IANA zone (from their ZIP): no call or text outside 9:00–20:00 there.
    caller_zone: str = Field(max_length=64)
    due_at: datetime = Field(index=True)
    phone_sealed: str | None = Field(default=None, max_length=400)
    phone_hash: str | None = Field(default=None, index=True, max_length=64)
    client_ip_hash: str | None = Field(default=None, max_length=64)
    call_id: str | None = Field(default=None, max_length=40)
    created_at: datetime = Field(default_factory=utcnow)
    claimed_at: datetime | None = None
    finished_at: datetime | None = None


class SmsOptOut(SQLModel, table=True):
    """A number (as its keyed hash) that replied STOP: never sent a reminder again, until START."""

    __tablename__ = "sms_opt_out"

    phone_hash: str = Field(primary_key=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
