"""Serving scheduled calls and reminders at their time, each exactly once however many workers run.

`claim_due` moves each due row from `scheduled` to `claimed` with a conditional UPDATE: of two
workers that race for one row, exactly one sees its UPDATE change it (PostgreSQL re-checks the
condition once the other's transaction ends; SQLite runs one writer at a time). The claimer alone
then serves it with `serve_claimed`: quiet hours and the campaign are checked again, the bridged
call is recorded under the call limits (the caller queues it for the pacer, as "Call me" does) or
the reminder sent, and the phone number is deleted in the same write that records how it ended.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, update
from sqlmodel import col, select

from app.calls.call_records import PlannedLeg
from app.calls.call_slots import within_waking_hours
from app.calls.placing import record_bridged_call
from app.calls.telephony import SmsRequest, Telephony
from app.campaigns.lookups import check_open
from app.campaigns.spec import CampaignSpec
from app.i18n.catalog import text
from app.kernel.errors import (
    CallBlockedError,
    CallLimitError,
    CampaignClosedError,
    CampaignNotFoundError,
    PhoneError,
    TelephonyError,
)
from app.kernel.privacy import UnsealError, unseal
from app.kernel.vocabulary import ScheduledKind, ScheduledStatus
from app.models.scheduled import ScheduledCall, SmsOptOut
from app.settings import Settings
from app.storage.db import session_scope, write_scope

log = logging.getLogger("switchboard")
# Served later than this after its time (the workers were down), it is missed, not placed late.
MISSED_AFTER = timedelta(minutes=30)
# A claim this old belongs to a worker that stopped mid-way: it is closed, never served twice.
STALE_CLAIM = timedelta(minutes=10)
CLAIM_BATCH = 100


class CampaignReader(Protocol):
    def campaign(self, slug: str, *, fresh: bool = False) -> CampaignSpec: ...


@dataclass(frozen=True)
class Served:
    status: ScheduledStatus
    call_id: str | None = None


def claim_due(engine: Engine, *, now: datetime, limit: int = CLAIM_BATCH) -> list[str]:
    """The ids of due scheduled calls this worker claimed (no other worker gets them)."""
    with session_scope(engine) as session:
        due = session.exec(
            select(ScheduledCall.id)
            .where(col(ScheduledCall.status) == ScheduledStatus.SCHEDULED)
            .where(col(ScheduledCall.due_at) <= now)
            .order_by(col(ScheduledCall.due_at))
            .limit(limit)
        ).all()
    claimed = []
    for scheduled_id in due:
        with write_scope(engine) as session:
            changed = session.execute(
                update(ScheduledCall)
                .where(col(ScheduledCall.id) == scheduled_id)
                .where(col(ScheduledCall.status) == ScheduledStatus.SCHEDULED)
                .values(status=ScheduledStatus.CLAIMED, claimed_at=now)
            )
        if changed.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(scheduled_id)
    return claimed


def serve_claimed(
    engine: Engine,
    *,
    scheduled_id: str,
    campaigns: CampaignReader,
    telephony: Telephony | None,
    settings: Settings,
    now: datetime,
) -> Served:
    """Place the call or send the reminder this worker claimed, if it still may be; how it ended.

    A PLACED result names the recorded call, waiting for the caller to queue it.
    """
    with session_scope(engine) as session:
        row = session.get(ScheduledCall, scheduled_id)
        if row is None or row.status != ScheduledStatus.CLAIMED:
            return Served(ScheduledStatus.FAILED)
        session.expunge(row)
    served = _serve(engine, row=row, campaigns=campaigns, telephony=telephony, settings=settings, now=now)
    _finish(engine, scheduled_id=scheduled_id, served=served, now=now)
    return served


def close_stale_claims(engine: Engine, *, now: datetime) -> int:
    """Close as failed (phone deleted) the claims a stopped worker left; how many."""
    with write_scope(engine) as session:
        closed = session.execute(
            update(ScheduledCall)
            .where(col(ScheduledCall.status) == ScheduledStatus.CLAIMED)
            .where(col(ScheduledCall.claimed_at) < now - STALE_CLAIM)
            .values(status=ScheduledStatus.FAILED, phone_sealed=None, phone_hash=None, finished_at=now)
        )
    return int(closed.rowcount)  # type: ignore[attr-defined]


def _serve(
    engine: Engine,
    *,
    row: ScheduledCall,
    campaigns: CampaignReader,
    telephony: Telephony | None,
    settings: Settings,
    now: datetime,
) -> Served:
    if now - row.due_at > MISSED_AFTER or not within_waking_hours(now, zone=ZoneInfo(row.caller_zone)):
        return Served(ScheduledStatus.MISSED)
    try:
        phone = unseal(row.phone_sealed or "", key=settings.phone_sealing_key)
    except UnsealError:
        log.warning("scheduled call %s: its phone number does not unseal (the key changed?)", row.id)
        return Served(ScheduledStatus.FAILED)
    texts = row.kind == ScheduledKind.REMINDER and not _opted_out(engine, row.phone_hash)
    try:
        check_open(campaigns.campaign(row.campaign_slug, fresh=True))
    except (CampaignClosedError, CampaignNotFoundError):
        if texts:  # a text was promised: it says the campaign closed, not the link
            _send(telephony, settings, to=phone, body=text(row.language, "call", "reminder_closed"))
        return Served(ScheduledStatus.CAMPAIGN_CLOSED)
    if row.kind == ScheduledKind.REMINDER:
        if not texts:
            return Served(ScheduledStatus.CANCELED)
        link = f"{settings.public_base_url.rstrip('/')}/c/{row.campaign_slug}?lang={row.language}"
        body = text(row.language, "call", "reminder", name=row.target_name, link=link)
        sent = _send(telephony, settings, to=phone, body=body)
        return Served(ScheduledStatus.SENT if sent else ScheduledStatus.FAILED)
    return _record_call(engine, row=row, phone=phone, settings=settings)


def _record_call(engine: Engine, *, row: ScheduledCall, phone: str, settings: Settings) -> Served:
    legs = [PlannedLeg(**leg) for leg in row.legs]
    try:
        call_id = record_bridged_call(
            engine,
            settings=settings,
            slug=row.campaign_slug,
            phone=phone,
            language=row.language,
            legs=legs,
            ip_hash=row.client_ip_hash,
        )
    except (PhoneError, CallBlockedError, CallLimitError) as refused:
        log.info("scheduled call %s not placed: %s", row.id, refused.code)
        return Served(ScheduledStatus.REFUSED)
    return Served(ScheduledStatus.PLACED, call_id=call_id)


def _send(telephony: Telephony | None, settings: Settings, *, to: str, body: str) -> bool:
    if telephony is None:
        return False
    try:
        telephony.send_sms(SmsRequest(to=to, from_number=settings.twilio_from_number, body=body))
    except TelephonyError as error:
        log.warning("a scheduled text was not sent: %s", error.code)
        return False
    return True


def _opted_out(engine: Engine, phone_hash: str | None) -> bool:
    if phone_hash is None:
        return True
    with session_scope(engine) as session:
        return session.get(SmsOptOut, phone_hash) is not None


def _finish(engine: Engine, *, scheduled_id: str, served: Served, now: datetime) -> None:
    """Record how it ended, and delete the phone number (sealed and hashed) in the same write."""
    with write_scope(engine) as session:
        session.execute(
            update(ScheduledCall)
            .where(col(ScheduledCall.id) == scheduled_id)
            .where(col(ScheduledCall.status) == ScheduledStatus.CLAIMED)
            .values(
                status=served.status,
                call_id=served.call_id,
                phone_sealed=None,
                phone_hash=None,
                finished_at=now,
            )
        )
