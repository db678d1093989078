"""\"Call me\": resolve the targets, check the limits, record the call and queue it; a worker places it.

The web request only records and enqueues; `place_recorded_call` runs in a job, paced to the
Twilio account's calls-per-second (see pacing.py), so a surge waits in the queue honestly.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Protocol

import anyio
from sqlalchemy import Engine
from sqlmodel import Session

from app.calls.call_records import PlannedLeg, add_legs, districts_of, load_call, new_call_id, plan_legs
from app.calls.counting import count_new_call
from app.calls.limits import check_call_allowed, check_caller_phone
from app.calls.lookup_tokens import signed_attribution
from app.calls.progress import advance_call, fail_call
from app.calls.telephony import PLACEMENT_UNKNOWN, CallRequest, Telephony
from app.calls.twiml import CallUrls
from app.campaigns.lookups import LookupData, campaign_targets, check_open
from app.civic.locating.locate import Locator
from app.kernel.clock import utcnow
from app.kernel.errors import CallModeNotOfferedError, CallsUnavailableError, NoTargetsError, TelephonyError
from app.kernel.phones import parse_caller_phone
from app.kernel.privacy import keyed_hash
from app.kernel.vocabulary import CallMethod, CallStatus
from app.models.calls import CallSession
from app.settings import Settings
from app.storage.db import session_scope, write_scope

log = logging.getLogger("switchboard")


@dataclass(frozen=True)
class CallMeRequest:
    slug: str
    address: str
    phone: str
    name: str = ""
    language: str | None = None
    client_ip: str | None = None
    # The targets answer's `lookup` token, when the page sends it: who brought the visit.
    lookup: str = ""


# A recorded call waiting for a worker to place it; one still waiting after WAITING_LIMIT is closed
# by reconcile (nobody waits an hour by the phone).
WAITING = CallStatus.CREATED
WAITING_LIMIT = timedelta(hours=1)


@dataclass(frozen=True)
class PlacedCall:
    id: str
    status: str


class CallQueue(Protocol):
    """Where a recorded call waits for a worker to place it."""

    async def enqueue_call(self, call_id: str) -> None: ...


async def request_bridged_call(
    *,
    engine: Engine,
    data: LookupData,
    locator: Locator,
    telephony: Telephony | None,
    settings: Settings,
    request: CallMeRequest,
    queue: CallQueue,
) -> PlacedCall:
    """Locate the caller (async, no connection held), record the call as `created`, then queue it.

    Nothing rings yet: a worker places it in its turn (see pacing.py).
    """
    if telephony is None:
        raise CallsUnavailableError(
            "Calls through Switchboard are not available; please call the numbers shown."
        )
    phone = parse_caller_phone(request.phone)
    language, legs = await _resolve_legs(data, locator, request)
    record = partial(_record_new_call, engine, settings, request, phone=phone, language=language, legs=legs)
    call_id = await anyio.to_thread.run_sync(record)
    await queue.enqueue_call(call_id)
    return PlacedCall(call_id, WAITING)


def place_recorded_call(*, engine: Engine, telephony: Telephony, settings: Settings, call_id: str) -> None:
    """Record the call as `dialing`, place it (never retried), record what Twilio said.

    A call no longer waiting (placed already, being placed, or closed by reconcile) is left alone,
    so a job run twice places it once. When no answer came back (PLACEMENT_UNKNOWN) the call
    stays `dialing` without a SID: Twilio may be ringing the phone, whose answer webhook then runs
    the call as usual, and reconcile asks Twilio about it (see reconcile.py) rather than
    concluding anything here.
    """
    phone = _start_dialing(engine, call_id)
    if phone is None:
        return
    urls = CallUrls(settings.public_base_url, call_id)
    try:
        placed = telephony.place_call(
            CallRequest(
                to=phone,
                from_number=settings.twilio_from_number,
                answer_url=urls.answer(),
                status_url=urls.status(),
                fallback_url=urls.fallback(),
                time_limit_seconds=settings.call_session_time_limit_seconds,
            )
        )
    except TelephonyError as error:
        if error.code == PLACEMENT_UNKNOWN:
            log.warning("call %s: Twilio did not answer calls.create; reconcile will ask about it", call_id)
            return
        _record_failure(engine, call_id, error.code)
        return
    with write_scope(engine) as session:
        loaded = load_call(session, call_id=call_id, for_update=True)
        assert loaded is not None
        loaded.call.call_sid = placed.sid
        advance_call(session, loaded=loaded, status=placed.status or CallStatus.QUEUED)


def _start_dialing(engine: Engine, call_id: str) -> str | None:
    """The phone to call, once the call is marked `dialing`; None when it is not waiting any more."""
    with write_scope(engine) as session:
        loaded = load_call(session, call_id=call_id, for_update=True)
        if loaded is None or loaded.call.status != WAITING or loaded.call.caller_phone is None:
            return None
        advance_call(session, loaded=loaded, status=CallStatus.DIALING)
        loaded.call.dialed_at = utcnow()
        return loaded.call.caller_phone


async def _resolve_legs(
    data: LookupData, locator: Locator, request: CallMeRequest
) -> tuple[str, list[PlannedLeg]]:
    campaign = await anyio.to_thread.run_sync(data.campaign, request.slug)
    if "bridge" not in check_open(campaign).call_modes:
        raise CallModeNotOfferedError("This campaign does not offer calls through Switchboard.")
    targets = await campaign_targets(
        data,
        locator=locator,
        slug=request.slug,
        address=request.address,
        name=request.name,
        language=request.language,
    )
    legs = await anyio.to_thread.run_sync(plan_legs, targets)  # spoken intros are scripts too
    if not legs:
        raise NoTargetsError("We found no one with a phone number to connect you to for this campaign.")
    return targets.language, legs


def _record_new_call(
    engine: Engine,
    settings: Settings,
    request: CallMeRequest,
    *,
    phone: str,
    language: str,
    legs: list[PlannedLeg],
) -> str:
    secret = settings.secret_key.get_secret_value()
    ip_hash = keyed_hash(secret=secret, value=request.client_ip) if request.client_ip else None
    partner_id, source = signed_attribution(request.lookup, secret=secret, slug=request.slug)
    return record_bridged_call(
        engine,
        settings=settings,
        slug=request.slug,
        phone=phone,
        language=language,
        legs=legs,
        ip_hash=ip_hash,
        partner_id=partner_id,
        source=source,
    )


@contextmanager
def new_call_transaction(
    engine: Engine, *, settings: Settings, phone: str, office_phones: list[str]
) -> Iterator[tuple[Session, str]]:
    """The write transaction that stores a new call to `phone`, begun once the phone rules allow the
    call (checked read only, before the write lock is taken: PhoneError or CallBlockedError
    otherwise); with the phone's keyed hash, for the caller's own limits."""
    with session_scope(engine) as session:
        check_caller_phone(session, settings=settings, phone=phone, office_phones=office_phones)
    with write_scope(engine) as session:
        yield session, keyed_hash(secret=settings.secret_key.get_secret_value(), value=phone)


def record_bridged_call(
    engine: Engine,
    *,
    settings: Settings,
    slug: str,
    phone: str,
    language: str,
    legs: list[PlannedLeg],
    ip_hash: str | None,
    partner_id: int | None = None,
    source: str = "",
) -> str:
    """Store a new bridged call as waiting (`created`), under the phone rules and call limits,
    attributed to the partner and source code the visit came by (ids, never the caller).

    PhoneError, CallBlockedError or CallLimitError when it may not be placed; its id otherwise.
    """
    call_id = new_call_id()
    office_phones = sorted({leg.office_phone for leg in legs if leg.office_phone})
    with new_call_transaction(engine, settings=settings, phone=phone, office_phones=office_phones) as (
        session,
        caller_hash,
    ):
        check_call_allowed(
            session,
            settings=settings,
            campaign_slug=slug,
            caller_hash=caller_hash,
            ip_hash=ip_hash,
            office_phones=office_phones,
        )
        call = CallSession(
            id=call_id,
            campaign_slug=slug,
            partner_id=partner_id,
            source=source,
            mode=CallMethod.BRIDGED,
            language=language,
            state=legs[0].state,
            districts=districts_of(legs),
            status=WAITING,
            caller_phone=phone,
            caller_hash=caller_hash,
            client_ip_hash=ip_hash,
        )
        session.add(call)
        session.flush()
        count_new_call(session, call=call)
        add_legs(session, call_id=call_id, legs=legs)
    return call_id


def _record_failure(engine: Engine, call_id: str, error_code: str) -> None:
    with write_scope(engine) as session:
        loaded = load_call(session, call_id=call_id, for_update=True)
        if loaded is not None:
            fail_call(session, loaded=loaded, error_code=error_code)
