"""Calls: constituent call sessions and their legs, webhook receipts, blocks and the call pace."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.kernel.clock import utcnow
from app.kernel.vocabulary import (
    CallMethod,
    CallStatus,
    Chamber,
    Custom,
    LegStatus,
    OutcomeSource,
    TargetKind,
)
from app.models.columns import Vocabulary


class CallSession(SQLModel, table=True):
    """One constituent's call: bridged ("Call me"), call-in, or self-dialed ("show me the number").

    No address is stored. `caller_phone` is kept only while the call runs; `caller_hash` is the
    number's HMAC keyed by the app secret (for limits, blocklists and de-duplication).
    """

    __tablename__ = "call_session"

    id: str = Field(primary_key=True, max_length=40)
    campaign_slug: str = Field(foreign_key="campaign.slug", index=True, max_length=80)
    mode: CallMethod = Field(sa_type=Vocabulary(CallMethod, length=20))
    language: str = Field(default="en", max_length=12)
    state: str = Field(default="", max_length=2)
    districts: str = Field(default="", max_length=200)
    status: str = Field(default=CallStatus.CREATED, max_length=20, index=True)
    caller_phone: str | None = Field(default=None, max_length=20)
    caller_hash: str | None = Field(default=None, index=True, max_length=64)
    client_ip_hash: str | None = Field(default=None, index=True, max_length=64)
    browser_token_hash: str | None = Field(default=None, index=True, max_length=64)
    call_sid: str | None = Field(default=None, unique=True, max_length=64)
    twilio_status: str | None = Field(default=None, max_length=20)
    sequence_number: int = -1
    zip_attempts: int = 0
    error_code: str | None = Field(default=None, max_length=40)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    # When `calls.create` was sent: a call Twilio created before this is not this call.
    dialed_at: datetime | None = None
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    duration_seconds: int | None = None
    # Who brought the call (app.campaigns.partners): a campaign partner's id and a source code,
    # set when the call starts from the signed lookup or the number dialed; never from a callback.
    partner_id: int | None = Field(default=None, foreign_key="campaign_partner.id", index=True)
    source: str = Field(default="", max_length=80, sa_column_kwargs={"server_default": ""})
    # A test call's staff account (app.calls.staff_calls: test calls per account per hour). No
    # foreign key: the count outlives an account removed since.
    placed_by: int | None = Field(default=None, index=True)


class CallLeg(SQLModel, table=True):
    """One target of a call session. Written only through app.calls.outcomes.update_leg."""

    __tablename__ = "call_leg"
    __table_args__ = (
        UniqueConstraint("session_id", "position"),
        # One self-report per lookup and target, whichever browser or process sends it.
        Index("ix_call_leg_lookup_target", "lookup_key", "target_id", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="call_session.id", index=True, max_length=40)
    position: int
    target_id: str = Field(max_length=80)
    name: str = Field(max_length=200)
    title: str = Field(default="", max_length=60)
    chamber: TargetKind = Field(sa_type=Vocabulary(Chamber, Custom, length=20))
    state: str = Field(max_length=2)
    district: str = Field(default="", max_length=60)
    office_phone: str | None = Field(default=None, index=True, max_length=20)
    # The target's offices to dial in turn, the first one `office_phone` was (app.calls.office_tries:
    # [phone, place] pairs), and which of them is being tried (0 = the first).
    offices: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    attempt: int = 0
    # A self-reported leg's lookup (app.calls.lookup_tokens.LookupGrant.key); None for placed calls.
    lookup_key: str | None = Field(default=None, max_length=64)
    intro: str = Field(default="", max_length=2000)
    # The target's script, kept only for a test call's rehearsal, which reads it out.
    script: str = Field(default="", sa_column=Column(Text, nullable=False, default="", server_default=""))
    status: str = Field(default=LegStatus.PENDING, max_length=20)
    twilio_status: str | None = Field(default=None, max_length=20)
    sequence_number: int = -1
    dial_call_sid: str | None = Field(default=None, max_length=64)
    dial_call_status: str | None = Field(default=None, max_length=20)
    duration_seconds: int | None = None
    outcome: str | None = Field(default=None, max_length=20)
    outcome_source: OutcomeSource | None = Field(default=None, sa_type=Vocabulary(OutcomeSource, length=10))
    created_at: datetime = Field(default_factory=utcnow, index=True)
    started_at: datetime | None = None
    answered_at: datetime | None = None
    ended_at: datetime | None = None


class CallTry(SQLModel, table=True):
    """One <Dial> of one leg to one office number, and how it ended (DialCallStatus, as Twilio sent
    it but `answered`, which is `completed`): busy and unanswered lines by office and hour."""

    __tablename__ = "call_try"
    __table_args__ = (UniqueConstraint("session_id", "position", "attempt"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="call_session.id", index=True, max_length=40)
    position: int
    attempt: int
    target_id: str = Field(max_length=80)
    office_phone: str = Field(index=True, max_length=20)
    dial_call_status: str | None = Field(default=None, max_length=20)
    # What the caller said of this try on the keypad (`mailbox-full` moves on to the next office).
    outcome: str | None = Field(default=None, max_length=20)
    duration_seconds: int | None = None
    started_at: datetime = Field(default_factory=utcnow, index=True)
    ended_at: datetime | None = None


class WebhookReceipt(SQLModel, table=True):
    """A Twilio request already handled and what we answered, keyed by a hash of what Twilio signed (the
    path and its form parameters: app/calls/receipts.py `receipt_key`), never by the unsigned
    I-Twilio-Idempotency-Token header alone."""

    __tablename__ = "webhook_receipt"

    token: str = Field(primary_key=True, max_length=200)
    response: str = Field(default="")
    created_at: datetime = Field(default_factory=utcnow, index=True)


class CallBlock(SQLModel, table=True):
    """A blocked phone number (kind "phone", its keyed hash) or client IP (kind "ip", its keyed hash)."""

    __tablename__ = "call_block"

    kind: str = Field(primary_key=True, max_length=10)
    value_hash: str = Field(primary_key=True, max_length=64)
    reason: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class CallPace(SQLModel, table=True):
    """When the next bridged call may be placed: one row shared by every worker (calls-per-second)."""

    __tablename__ = "call_pace"

    id: int = Field(default=1, primary_key=True)
    next_at: datetime = Field(default_factory=utcnow)
