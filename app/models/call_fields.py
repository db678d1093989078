"""A call's row and a leg's row as the call's domain code reads and changes them.

The code that moves a call forward (app.calls.progress, app.calls.outcomes, app.calls.counting,
app.webhooks.leg_events, the TwiML and the state machine's views) needs a row's columns, nothing of
the ORM. It is given either the models a session tracks (`CallSession`, `CallLeg`) or the plain
records a webhook reads for itself (app.calls.call_rows), which cost a first webhook far less
(their attributes are slots: reading one on a model instance runs SQLAlchemy's instrumentation,
about 20 times the time; setting one, about 200 times). These protocols name what both have: every
column of the table, with the model's types (tests/calls/test_call_fields.py keeps them so).
"""

from datetime import datetime
from typing import Any, Protocol

from app.kernel.vocabulary import CallMethod, OutcomeSource, TargetKind


class CallFields(Protocol):
    """The columns of `call_session` (app.models.calls.CallSession)."""

    id: str
    campaign_slug: str
    mode: CallMethod
    language: str
    state: str
    districts: str
    status: str
    caller_phone: str | None
    caller_hash: str | None
    client_ip_hash: str | None
    browser_token_hash: str | None
    call_sid: str | None
    twilio_status: str | None
    sequence_number: int
    zip_attempts: int
    error_code: str | None
    created_at: datetime
    dialed_at: datetime | None
    answered_at: datetime | None
    ended_at: datetime | None
    duration_seconds: int | None
    partner_id: int | None
    source: str
    placed_by: int | None


class LegFields(Protocol):
    """The columns of `call_leg` (app.models.calls.CallLeg)."""

    id: int | None
    session_id: str
    position: int
    target_id: str
    name: str
    title: str
    chamber: TargetKind
    state: str
    district: str
    office_phone: str | None
    offices: list[Any]
    attempt: int
    lookup_key: str | None
    intro: str
    status: str
    twilio_status: str | None
    sequence_number: int
    dial_call_sid: str | None
    dial_call_status: str | None
    duration_seconds: int | None
    outcome: str | None
    outcome_source: OutcomeSource | None
    created_at: datetime
    started_at: datetime | None
    answered_at: datetime | None
    ended_at: datetime | None
    script: str
