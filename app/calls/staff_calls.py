"""An organizer's test call to their own phone, from the campaign's share page.

The same path as a constituent's "Call me" (app.calls.placing): the targets for an address, the
phone rules, the call and its legs recorded as waiting, a worker places it through Twilio, the
webhooks run it (app.calls.webhooks). Two things differ. A test call is a `CallMethod` the
tallies, partners' tallies, leaderboards, goals, counters and organizations' webhooks never count;
and a rehearsal (`CallMethod.TEST_REHEARSAL`) says whom Switchboard would connect and the script
for each target, and dials no office (its legs hold no office number). Test calls are limited per
staff account per hour (app.calls.limits.check_test_call_allowed).
"""

import logging
from dataclasses import dataclass, replace
from functools import partial

import anyio
from sqlalchemy import Engine

from app.calls.call_records import (
    LoadedCall,
    PlannedLeg,
    add_legs,
    districts_of,
    load_call,
    new_call_id,
    plan_legs,
)
from app.calls.limits import check_test_call_allowed
from app.calls.placing import WAITING, CallQueue, PlacedCall, new_call_transaction
from app.calls.telephony import Telephony
from app.campaigns.lookups import LookupData, campaign_targets
from app.campaigns.targeting import TargetList
from app.civic.locating.locate import Locator
from app.kernel.errors import CallsUnavailableError, NoTargetsError
from app.kernel.phones import parse_caller_phone
from app.kernel.vocabulary import TEST_METHODS, CallMethod
from app.models.calls import CallSession
from app.settings import Settings
from app.storage.db import session_scope

log = logging.getLogger("switchboard")
# A rehearsal reads each script out in one <Say>, which Twilio caps at 4,096 characters.
MAX_SPOKEN_SCRIPT = 3000


@dataclass(frozen=True)
class StaffCallRequest:
    """A test call: `placed_by` (a staff account's id) asks to be called at `phone` as a
    constituent at `address` would be, rehearsed or connected to the offices (`method`)."""

    slug: str
    address: str
    phone: str
    method: CallMethod
    placed_by: int


async def request_test_call(
    *,
    engine: Engine,
    data: LookupData,
    locator: Locator,
    telephony: Telephony | None,
    settings: Settings,
    request: StaffCallRequest,
    queue: CallQueue,
) -> PlacedCall:
    """Locate the address (async, no connection held), record the test call as waiting, queue it.

    The campaign may be a draft or paused: its organizers test it before and between launches.
    """
    if telephony is None:
        raise CallsUnavailableError("Test calls need Twilio, which is not set up on this server.")
    if request.method not in TEST_METHODS:
        raise ValueError(f"{request.method} is not a test call")
    phone = parse_caller_phone(request.phone)
    targets = await campaign_targets(
        data, locator=locator, slug=request.slug, address=request.address, any_status=True
    )
    legs = await anyio.to_thread.run_sync(partial(planned_test_legs, targets, method=request.method))
    if not legs:
        raise NoTargetsError("This campaign has no one with a phone number to call for that address.")
    offices = sorted({phone for leg in legs for phone, _place in leg.offices if phone})
    record = partial(
        _record_test_call, engine, settings, request, phone=phone, language=targets.language, legs=legs
    )
    call_id = await anyio.to_thread.run_sync(partial(record, office_phones=offices))
    log.info("test call %s placed by account %s for campaign %s", call_id, request.placed_by, request.slug)
    await queue.enqueue_call(call_id)
    return PlacedCall(call_id, WAITING)


def planned_test_legs(targets: TargetList, *, method: CallMethod) -> list[PlannedLeg]:
    """The legs a constituent's call would have; a rehearsal's carry their script and no number."""
    legs = plan_legs(targets)
    if method.dials_offices:
        return legs
    scripts = {target.representative.id: target.script for target in targets.targets}
    return [
        replace(leg, office_phone=None, script=scripts.get(leg.target_id, "")[:MAX_SPOKEN_SCRIPT])
        for leg in legs
    ]


def _record_test_call(
    engine: Engine,
    settings: Settings,
    request: StaffCallRequest,
    *,
    phone: str,
    language: str,
    legs: list[PlannedLeg],
    office_phones: list[str],
) -> str:
    call_id = new_call_id()
    dialed = office_phones if request.method.dials_offices else []
    with new_call_transaction(engine, settings=settings, phone=phone, office_phones=office_phones) as (
        session,
        caller_hash,
    ):
        check_test_call_allowed(
            session,
            settings=settings,
            caller_hash=caller_hash,
            placed_by=request.placed_by,
            office_phones=dialed,
        )
        session.add(
            CallSession(
                id=call_id,
                campaign_slug=request.slug,
                mode=request.method,
                language=language,
                state=legs[0].state,
                districts=districts_of(legs),
                status=WAITING,
                caller_phone=phone,
                caller_hash=caller_hash,
                placed_by=request.placed_by,
            )
        )
        session.flush()
        add_legs(session, call_id=call_id, legs=legs)
    return call_id


def find_test_call(engine: Engine, *, slug: str, call_id: str) -> LoadedCall | None:
    """A test call of campaign `slug` and its legs, for its share page; None for any other call."""
    with session_scope(engine) as session:
        loaded = load_call(session, call_id=call_id)
        if loaded is None or loaded.call.campaign_slug != slug or loaded.call.mode not in TEST_METHODS:
            return None
        session.expunge_all()
        return loaded
