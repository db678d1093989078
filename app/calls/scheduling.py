"""\"Call me when they open\": offering times, scheduling a call (or a reminder) and cancelling it.

When a target's offices are all closed, the constituent picks one of the times `offer_call_times`
offers; `schedule_call` checks it is still offered, seals the phone number (app.kernel.privacy)
and stores what to do then: the bridged call's leg, already resolved (the office open at that
time, nearest the constituent), or, in a campaign without bridged calls, one text reminder. No
address is kept. A worker serves it at its time (scheduled_runs.py); until then a signed link
(`cancel_token`) or a STOP reply (sms_replies.py) cancels it.
"""

import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache, partial
from typing import Any

import anyio
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Engine, update
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, func, select

from app.calls.call_records import plan_legs
from app.calls.call_slots import Slot, is_offered, offer_slots
from app.calls.limits import check_caller_phone, is_blocked
from app.calls.telephony import Telephony
from app.campaigns.lookups import LookupData, campaign_targets
from app.campaigns.targeting import Target, TargetList
from app.civic.directory.officials import nearest_office
from app.civic.geography.time_zones import zone_of
from app.civic.locating.locate import Locator
from app.kernel.errors import (
    CallBlockedError,
    CallLimitError,
    CallsUnavailableError,
    NoTargetsError,
    PhoneOptedOutError,
    ScheduledCallNotFoundError,
    ScheduleInvalidError,
)
from app.kernel.phones import parse_caller_phone
from app.kernel.privacy import keyed_hash, seal
from app.kernel.vocabulary import ScheduledKind, ScheduledStatus
from app.models.scheduled import ScheduledCall, SmsOptOut
from app.settings import Settings
from app.storage.db import session_scope, write_scope

_SALT = "switchboard-scheduled-call"
NOT_OFFERED = "That time is no longer offered. Please pick another."
NO_CONSENT = "Please agree to be called (or texted) at the time you chose."


@dataclass(frozen=True)
class TimeOffer:
    """The times offered for one target, and what happens then."""

    target_id: str
    target_name: str
    kind: ScheduledKind
    caller_zone: str
    slots: list[Slot]


@dataclass(frozen=True)
class ScheduleRequest:
    slug: str
    address: str
    target_id: str
    phone: str
    at: datetime
    consent: bool
    name: str = ""
    language: str | None = None
    client_ip: str | None = None


@dataclass(frozen=True)
class ScheduledView:
    id: str
    campaign_slug: str
    kind: ScheduledKind
    status: ScheduledStatus
    due_at: datetime
    target_name: str
    language: str
    caller_zone: str

    @classmethod
    def of(cls, row: ScheduledCall) -> "ScheduledView":
        return cls(
            row.id,
            row.campaign_slug,
            row.kind,
            row.status,
            row.due_at,
            row.target_name,
            row.language,
            row.caller_zone,
        )


async def offer_call_times(
    *,
    data: LookupData,
    locator: Locator,
    telephony: Telephony | None,
    slug: str,
    address: str,
    target_id: str,
    language: str | None,
    now: datetime,
) -> TimeOffer:
    """The times a call (or reminder) about `target_id` may be scheduled for, from `now`."""
    targets = await campaign_targets(data, locator=locator, slug=slug, address=address, language=language)
    target = _target(targets, target_id)
    zone = zone_of(state=targets.location.state, zip_code=targets.location.zip)
    slots = await anyio.to_thread.run_sync(partial(_slots, targets, target, now=now))
    return TimeOffer(
        target_id=target_id,
        target_name=target.representative.name,
        kind=_kind(targets, telephony),
        caller_zone=zone.key,
        slots=slots,
    )


async def schedule_call(
    *,
    engine: Engine,
    data: LookupData,
    locator: Locator,
    telephony: Telephony | None,
    settings: Settings,
    request: ScheduleRequest,
    now: datetime,
) -> ScheduledView:
    """Store the call (or reminder) for `request.at`, one of the times offered now.

    ScheduleInvalidError without consent or for a time not offered; the phone rules, the blocklist,
    the per-phone limit (pending ones count) and, for reminders, a STOP reply refuse it too.
    """
    if not request.consent:
        raise ScheduleInvalidError(NO_CONSENT)
    phone = parse_caller_phone(request.phone)
    targets = await campaign_targets(
        data,
        locator=locator,
        slug=request.slug,
        address=request.address,
        name=request.name,
        language=request.language,
    )
    target = _target(targets, request.target_id)
    kind = _kind(targets, telephony)
    slots = await anyio.to_thread.run_sync(partial(_slots, targets, target, now=now))
    if not is_offered(request.at, slots=slots):
        raise ScheduleInvalidError(NOT_OFFERED)
    legs = await anyio.to_thread.run_sync(partial(_legs_at, targets, target, at=request.at, kind=kind))
    row = ScheduledCall(
        id=secrets.token_urlsafe(18),
        campaign_slug=request.slug,
        kind=kind,
        language=targets.language,
        target_id=target.representative.id,
        target_name=target.representative.name,
        legs=legs,
        caller_zone=zone_of(state=targets.location.state, zip_code=targets.location.zip).key,
        due_at=request.at,
        phone_sealed=seal(phone, key=settings.phone_sealing_key),
        phone_hash=keyed_hash(phone, secret=settings.secret_key.get_secret_value()),
        client_ip_hash=_ip_hash(settings, request.client_ip),
        created_at=now,
    )
    store = partial(_store, engine, settings=settings, row=row, phone=phone)
    return await anyio.to_thread.run_sync(store)


def cancel_scheduled(engine: Engine, *, scheduled_id: str, now: datetime) -> ScheduledView:
    """Cancel it if it still waits (its phone number deleted at once); as it is otherwise.

    ScheduledCallNotFoundError when there is no such scheduled call.
    """
    with write_scope(engine) as session:
        session.execute(
            update(ScheduledCall)
            .where(col(ScheduledCall.id) == scheduled_id)
            .where(col(ScheduledCall.status) == ScheduledStatus.SCHEDULED)
            .values(status=ScheduledStatus.CANCELED, phone_sealed=None, phone_hash=None, finished_at=now)
        )
    return read_scheduled(engine, scheduled_id=scheduled_id)


def read_scheduled(engine: Engine, *, scheduled_id: str) -> ScheduledView:
    with session_scope(engine) as session:
        row = session.get(ScheduledCall, scheduled_id)
        if row is None:
            raise ScheduledCallNotFoundError("There is no such scheduled call.")
        return ScheduledView.of(row)


def cancel_token(scheduled_id: str, *, secret: str) -> str:
    """What the cancel link carries: the scheduled call's id, signed with the app secret."""
    return str(_serializer(secret).dumps(scheduled_id))


def read_cancel_token(token: str, *, secret: str) -> str:
    """The scheduled call's id; ScheduledCallNotFoundError for a token we did not sign."""
    try:
        value = _serializer(secret).loads(token)
    except BadSignature:
        raise ScheduledCallNotFoundError("This link is not valid.") from None
    if not isinstance(value, str):
        raise ScheduledCallNotFoundError("This link is not valid.")
    return value


@lru_cache(maxsize=4)
def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=_SALT)


def _target(targets: TargetList, target_id: str) -> Target:
    for target in targets.targets:
        if target.representative.id == target_id and target.choice is not None:
            return target
    raise NoTargetsError("We found no one with a phone number to call back about for this address.")


def _kind(targets: TargetList, telephony: Telephony | None) -> ScheduledKind:
    if telephony is None:
        raise CallsUnavailableError("Calls and text reminders through Switchboard are not available.")
    return ScheduledKind.CALL if "bridge" in targets.campaign.call_modes else ScheduledKind.REMINDER


def _slots(targets: TargetList, target: Target, *, now: datetime) -> list[Slot]:
    where = targets.location
    offices = target.representative.offices

    def office_at(moment: datetime) -> Any:
        return nearest_office(
            offices, latitude=where.latitude, longitude=where.longitude, state=where.state, now=moment
        )

    zone = zone_of(state=where.state, zip_code=where.zip)
    return offer_slots(office_at, caller_zone=zone, now=now)


def _legs_at(
    targets: TargetList, target: Target, *, at: datetime, kind: ScheduledKind
) -> list[dict[str, Any]]:
    """The leg to dial at `at`: the office that will be open then, nearest the constituent."""
    if kind == ScheduledKind.REMINDER:
        return []
    where = targets.location
    choice = nearest_office(
        target.representative.offices,
        latitude=where.latitude,
        longitude=where.longitude,
        state=where.state,
        now=at,
    )
    only = replace(targets, targets=[replace(target, choice=choice)])
    return [dict(vars(leg)) for leg in plan_legs(only)]


def _ip_hash(settings: Settings, client_ip: str | None) -> str | None:
    return keyed_hash(client_ip, secret=settings.secret_key.get_secret_value()) if client_ip else None


def _check_pending(session: Session, *, settings: Settings, row: ScheduledCall) -> None:
    """At most the per-phone daily limit waiting for one number, and the per-IP hourly limit
    waiting from one client: scheduling must not be a way around the call limits."""
    if (
        _pending(session, col(ScheduledCall.phone_hash) == row.phone_hash)
        >= settings.call_limit_per_phone_per_day
    ):
        raise CallLimitError(
            "This number already has calls scheduled. Please wait for them, or cancel one.",
            code="phone_limit_reached",
        )
    if row.client_ip_hash and (
        _pending(session, col(ScheduledCall.client_ip_hash) == row.client_ip_hash)
        >= settings.call_limit_per_ip_per_hour
    ):
        raise CallLimitError(
            "Too many calls are scheduled from here. Please try again later.", code="ip_limit_reached"
        )


def _pending(session: Session, condition: ColumnElement[bool]) -> int:
    query = select(func.count()).select_from(ScheduledCall).where(condition)
    return int(session.exec(query.where(col(ScheduledCall.status) == ScheduledStatus.SCHEDULED)).one())


def _store(engine: Engine, *, settings: Settings, row: ScheduledCall, phone: str) -> ScheduledView:
    office_phones = [str(leg["office_phone"]) for leg in row.legs if leg.get("office_phone")]
    assert row.phone_hash is not None
    with session_scope(engine) as session:
        check_caller_phone(session, settings=settings, phone=phone, office_phones=office_phones)
    with write_scope(engine) as session:
        if is_blocked(session, kind="phone", value_hash=row.phone_hash) or (
            row.client_ip_hash and is_blocked(session, kind="ip", value_hash=row.client_ip_hash)
        ):
            raise CallBlockedError(
                "We cannot place calls for this number. You can still call the offices yourself."
            )
        if row.kind == ScheduledKind.REMINDER and session.get(SmsOptOut, row.phone_hash) is not None:
            raise PhoneOptedOutError("This number replied STOP to our text messages, so we will not text it.")
        _check_pending(session, settings=settings, row=row)
        session.add(row)
        session.flush()
        return ScheduledView.of(row)
