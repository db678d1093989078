"""Abuse limits and the blocklist, kept in the database so they hold across app processes.

Every call costs money and a click-to-call form can be used to harass someone, so the number to
call must be a constituent's own (`check_caller_phone`: not ours, not an office's, not a 5XX
"follow-me" number), and a new call passes, in order: the blocklist (phone and IP, as keyed
hashes), calls per phone per campaign per day, per client IP per hour, per target office per few
minutes, and a global ceiling on calls in progress and per hour (a spend breaker). Limits are
checked inside the write transaction that stores the new call (BEGIN IMMEDIATE on SQLite, an
advisory lock on PostgreSQL), so two processes cannot both squeeze under a limit.

An organizer's test call to their own phone (app.calls.staff_calls) passes the same phone rules,
the blocklist and the global ceiling, and its own limit per staff account per hour instead of the
per-phone and per-IP ones, which it does not use up for constituents.
"""

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import phonenumbers
from sqlalchemy import text
from sqlmodel import Session, col, func, select

from app.campaigns.store import list_campaigns
from app.kernel.clock import utcnow
from app.kernel.errors import CallBlockedError, CallLimitError, PhoneInvalidError, PhoneNotAllowedError
from app.kernel.phones import to_e164
from app.kernel.privacy import keyed_hash
from app.kernel.vocabulary import LIVE_CALL_STATUSES, PLACED_METHODS, TEST_METHODS
from app.models.calls import CallBlock, CallLeg, CallSession
from app.models.directory import Office, OfficeOverride
from app.settings import Settings

ADVISORY_LOCK_KEY = 5_202_611  # any constant shared by every Switchboard process
# Constituents' calls through Twilio: what the per-phone and per-IP limits count.
CONSTITUENT_PLACED = tuple(method for method in PLACED_METHODS if method.counted)


@dataclass(frozen=True)
class CallLimits:
    per_phone_per_day: int
    per_ip_per_hour: int
    per_office: int
    per_office_minutes: int
    in_progress: int
    per_hour: int

    @classmethod
    def from_settings(cls, settings: Settings) -> "CallLimits":
        return cls(
            per_phone_per_day=settings.call_limit_per_phone_per_day,
            per_ip_per_hour=settings.call_limit_per_ip_per_hour,
            per_office=settings.call_limit_per_office,
            per_office_minutes=settings.call_limit_per_office_minutes,
            in_progress=settings.call_limit_in_progress,
            per_hour=settings.call_limit_per_hour,
        )


def check_caller_phone(
    session: Session, *, settings: Settings, phone: str, office_phones: Sequence[str]
) -> None:
    """PhoneNotAllowedError unless `phone` (E.164) can be a constituent's own.

    Calling our own number loops a call into itself; calling an office "as the constituent" rings
    it twice on our account with its own number as caller id; a 5XX number (+1 500 …) follows
    whoever set it up, so it would ring a phone nobody here can name (and +1 500 555 … are Twilio's
    test numbers). `office_phones` are this call's targets' numbers (custom targets' too).
    """
    ours = {to_e164(settings.twilio_from_number)} | {
        to_e164(campaign.call_in_number) for campaign in list_campaigns(session, statuses=("live", "paused"))
    }
    if phone in ours:
        raise PhoneNotAllowedError("That is Switchboard's own number. Please give your own phone number.")
    if phone in office_phones or _is_office_phone(session, phone):
        raise PhoneNotAllowedError(
            "That is a legislator's office number. Please give your own phone number: we call you, "
            "then connect you to the office."
        )
    if phonenumbers.number_type(phonenumbers.parse(phone)) == phonenumbers.PhoneNumberType.PERSONAL_NUMBER:
        raise PhoneNotAllowedError(
            "We cannot call a 5XX (follow-me) number. Please give your own phone number."
        )


def _is_office_phone(session: Session, phone: str) -> bool:
    office = select(Office.id).where(Office.phone == phone).limit(1)
    corrected = select(OfficeOverride.office_id).where(OfficeOverride.phone == phone).limit(1)
    return session.exec(office).first() is not None or session.exec(corrected).first() is not None


def lock_call_limits(session: Session) -> None:
    """Serialize limit checks across processes (SQLite's BEGIN IMMEDIATE already does)."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})


def check_call_allowed(
    session: Session,
    *,
    settings: Settings,
    campaign_slug: str,
    caller_hash: str,
    ip_hash: str | None,
    office_phones: Sequence[str],
) -> None:
    """Raise CallBlockedError or CallLimitError when this call must not be placed.

    Takes the limits lock first; the caller stores the new call in the same transaction.
    """
    lock_call_limits(session)
    limits = CallLimits.from_settings(settings)
    now = utcnow()
    _check_blocklist(session, caller_hash=caller_hash, ip_hash=ip_hash)
    placed = (
        select(func.count()).select_from(CallSession).where(col(CallSession.mode).in_(CONSTITUENT_PLACED))
    )
    per_phone = placed.where(
        CallSession.caller_hash == caller_hash,
        CallSession.campaign_slug == campaign_slug,
        col(CallSession.created_at) >= now - timedelta(days=1),
    )
    if _count(session, per_phone) >= limits.per_phone_per_day:
        raise CallLimitError(
            f"This phone number has already been called {limits.per_phone_per_day} times today for this "
            "campaign. Thank you! You can still call the numbers shown yourself.",
            code="phone_limit_reached",
        )
    if ip_hash is not None:
        per_ip = placed.where(
            CallSession.client_ip_hash == ip_hash, col(CallSession.created_at) >= now - timedelta(hours=1)
        )
        if _count(session, per_ip) >= limits.per_ip_per_hour:
            raise CallLimitError(
                "Too many calls were requested from your network in the last hour. Please try again later.",
                code="ip_limit_reached",
            )
    _check_offices(session, limits=limits, office_phones=office_phones, now=now)
    _check_global(session, limits=limits, now=now)


def check_test_call_allowed(
    session: Session,
    *,
    settings: Settings,
    caller_hash: str,
    placed_by: int,
    office_phones: Sequence[str],
) -> None:
    """Raise CallBlockedError or CallLimitError when this staff account's test call must not be
    placed: a blocked phone, `test_call_limit_per_hour` test calls by the account in the last hour,
    a busy office (when it dials offices: `office_phones`), or the global ceiling.

    Takes the limits lock first; the caller stores the new call in the same transaction.
    """
    lock_call_limits(session)
    limits = CallLimits.from_settings(settings)
    now = utcnow()
    _check_blocklist(session, caller_hash=caller_hash, ip_hash=None)
    recent = (
        select(func.count())
        .select_from(CallSession)
        .where(col(CallSession.mode).in_(TEST_METHODS), CallSession.placed_by == placed_by)
        .where(col(CallSession.created_at) >= now - timedelta(hours=1))
    )
    allowed = settings.test_call_limit_per_hour
    if _count(session, recent) >= allowed:
        raise CallLimitError(
            f"Your account has reached its limit of test calls ({allowed} an hour). Please try again later.",
            code="test_call_limit_reached",
        )
    _check_offices(session, limits=limits, office_phones=office_phones, now=now)
    _check_global(session, limits=limits, now=now)


def is_blocked(session: Session, *, kind: str, value_hash: str) -> bool:
    return session.get(CallBlock, (kind, value_hash)) is not None


def _check_blocklist(session: Session, *, caller_hash: str, ip_hash: str | None) -> None:
    if is_blocked(session, kind="phone", value_hash=caller_hash) or (
        ip_hash is not None and is_blocked(session, kind="ip", value_hash=ip_hash)
    ):
        raise CallBlockedError(
            "We cannot place calls for this number. You can still call the offices yourself."
        )


def _check_offices(
    session: Session, *, limits: CallLimits, office_phones: Sequence[str], now: datetime
) -> None:
    if busy_offices(session, limits=limits, office_phones=office_phones, now=now):
        raise CallLimitError(
            "One of these offices has just received many calls through us. Please try again in a few "
            "minutes, or call the number shown yourself.",
            code="office_limit_reached",
        )


def busy_offices(
    session: Session, *, limits: CallLimits, office_phones: Sequence[str], now: datetime
) -> set[str]:
    """The office numbers that have had their share of calls through us in the last few minutes."""
    since = now - timedelta(minutes=limits.per_office_minutes)
    busy = set()
    for phone in office_phones:
        recent = (
            select(func.count())
            .select_from(CallLeg)
            .join(CallSession, col(CallSession.id) == col(CallLeg.session_id))
            .where(CallLeg.office_phone == phone, col(CallLeg.created_at) >= since)
            .where(col(CallSession.mode).in_(PLACED_METHODS))
        )
        if _count(session, recent) >= limits.per_office:
            busy.add(phone)
    return busy


def _check_global(session: Session, *, limits: CallLimits, now: datetime) -> None:
    placed = select(func.count()).select_from(CallSession).where(col(CallSession.mode).in_(PLACED_METHODS))
    live = placed.where(col(CallSession.status).in_(LIVE_CALL_STATUSES))
    recent = placed.where(col(CallSession.created_at) >= now - timedelta(hours=1))
    if _count(session, live) >= limits.in_progress or _count(session, recent) >= limits.per_hour:
        raise CallLimitError(
            "We are connecting as many calls as we can right now. Please try again in a few minutes, "
            "or call the numbers shown yourself.",
            code="calls_busy",
            status=503,
        )


def _count(session: Session, query: object) -> int:
    return int(session.exec(query).one())  # type: ignore[call-overload]


def block_caller(session: Session, *, settings: Settings, value: str, reason: str) -> str:
    """Add a phone number or an IP address to the blocklist; returns which kind it was."""
    kind, normalized = _block_kind(value)
    value_hash = keyed_hash(secret=settings.secret_key.get_secret_value(), value=normalized)
    if not is_blocked(session, kind=kind, value_hash=value_hash):
        session.add(CallBlock(kind=kind, value_hash=value_hash, reason=reason[:200]))
    return kind


def _block_kind(value: str) -> tuple[str, str]:
    try:
        return "ip", str(ipaddress.ip_address(value.strip()))
    except ValueError:
        pass
    phone = to_e164(value)
    if phone is None:
        raise PhoneInvalidError(f"{value!r} is neither a phone number nor an IP address.")
    return "phone", phone
