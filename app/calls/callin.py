"""Call-in: a constituent calls a campaign's own number, types their ZIP code and is connected.

When the ZIP code does not pin down the congressional district, the caller is connected to the
targets that are certain (their senators, an at-large representative) and told to use the web
page for the rest. Everything here reads local data only: no geocoder inside a webhook.
"""

from collections.abc import Collection

from sqlalchemy import Engine
from sqlmodel import Session, select

from app.calls.bridge import Announce, AskZip, Goodbye, Prompt, Step, first_step
from app.calls.call_records import (
    LoadedCall,
    PlannedLeg,
    add_legs,
    districts_of,
    load_call,
    new_call_id,
    plan_legs,
)
from app.calls.counting import count_new_call
from app.calls.limits import CallLimits, busy_offices, check_call_allowed
from app.calls.progress import advance_call, apply_changes
from app.calls.webhooks import Hook, handle_call_status, render_call_step, run_hook
from app.campaigns.partners import partner_for_number
from app.campaigns.scripts import Caller
from app.campaigns.spec import CampaignSpec
from app.campaigns.store import get_campaign, list_campaigns
from app.campaigns.targeting import TargetList, targets_for
from app.civic.directory.line_health import marked_numbers
from app.civic.directory.view import DirectoryView
from app.civic.locating.zip_codes import ZipArea, find_zip
from app.kernel.clock import utcnow
from app.kernel.errors import CallBlockedError, CallLimitError, PhoneError
from app.kernel.phones import parse_caller_phone, to_e164
from app.kernel.privacy import keyed_hash
from app.kernel.vocabulary import CallMethod, CallStatus, Chamber
from app.models.calls import CallSession
from app.settings import Settings
from app.storage.db import session_scope, write_scope
from app.storage.sqlite_writer import WAIT_FOR_TURN, WriteTurn

ZIP_ATTEMPTS = 2


def handle_inbound(
    engine: Engine, *, settings: Settings, params: dict[str, str], turn: WriteTurn = WAIT_FOR_TURN
) -> str:
    """A call to one of our numbers: find its campaign, open a session, ask for the ZIP code."""
    call_sid = params.get("CallSid", "")
    with write_scope(engine, turn=turn) as session:
        existing = session.exec(select(CallSession).where(CallSession.call_sid == call_sid)).first()
        if existing is not None:
            return render_call_step(
                existing, step=_replayed_inbound_step(session, existing), settings=settings
            )
        campaign, partner_id = _line_of(session, number=to_e164(params.get("To")) or "")
        if campaign is None or not call_sid:
            return render_call_step(None, step=Goodbye("not-live"), settings=settings)
        caller = params.get("From", "")
        call = _open_inbound_call(
            session, settings, campaign, call_sid=call_sid, caller=caller, partner_id=partner_id
        )
        if call is None:
            return render_call_step(None, step=Goodbye("limited"), settings=settings)
        return render_call_step(call, step=AskZip(welcome=campaign.title), settings=settings)


def handle_inbound_status(
    engine: Engine, *, settings: Settings, params: dict[str, str], turn: WriteTurn = WAIT_FOR_TURN
) -> str:
    """The status callback configured on the number itself: it knows the call by its CallSid."""
    with session_scope(engine) as session:
        query = select(CallSession).where(CallSession.call_sid == params.get("CallSid", ""))
        call = session.exec(query).first()
        call_id = call.id if call is not None else None
    if call_id is None:
        return render_call_step(None, step=Goodbye("unknown-call"), settings=settings)
    return handle_call_status(
        engine,
        settings=settings,
        hook=Hook(call_id=call_id, params=params, path="/twilio/inbound/status"),
        turn=turn,
    )


def handle_zip(
    engine: Engine,
    *,
    settings: Settings,
    hook: Hook,
    directory: DirectoryView,
    turn: WriteTurn = WAIT_FOR_TURN,
) -> str:
    digits = hook.params.get("Digits", "")

    def decide(session: Session, loaded: LoadedCall) -> Step:
        if loaded.legs:
            return _start(session, loaded)
        area = find_zip(directory, zip_code=digits)
        if area is None:
            loaded.call.zip_attempts += 1
            return AskZip(retry=True) if loaded.call.zip_attempts < ZIP_ATTEMPTS else Goodbye("zip-unknown")
        campaign = get_campaign(session, slug=loaded.call.campaign_slug)
        avoid = {row.phone for row in marked_numbers(session, now=utcnow())}
        targets = zip_targets(directory, campaign=campaign, area=area, avoid=avoid)
        legs = _not_busy(session, settings, plan_legs(targets))
        if targets.targets and not legs:
            return Goodbye("offices-busy")
        # This step adds legs: it goes on with the call as the session tracks it (run_hook writes
        # `loaded` back only where it changed, and it is left as it was read).
        call = session.get(CallSession, loaded.call.id)
        assert call is not None
        call.state = area.state
        call.districts = districts_of(legs)
        add_legs(session, call_id=call.id, legs=legs)
        session.flush()
        reloaded = load_call(session, call_id=call.id)
        assert reloaded is not None
        step = _start(session, reloaded)
        if isinstance(step, Prompt) and _house_left_out(campaign, targets):
            return Announce("senators-only", then=step)
        return step

    # The same wrong ZIP typed twice is two tries, not one request repeated.
    return run_hook(
        engine,
        settings=settings,
        hook=hook,
        decide=decide,
        attempt=lambda loaded: str(loaded.call.zip_attempts),
        turn=turn,
    )


def campaign_for_number(session: Session, *, number: str) -> CampaignSpec | None:
    """The live campaign that owns this call-in number."""
    return next((c for c in list_campaigns(session) if number and c.call_in_number == number), None)


def _line_of(session: Session, *, number: str) -> tuple[CampaignSpec | None, int | None]:
    """The live campaign a number rings, and the partner whose own number it is (None: the
    campaign's own number). The partner comes from the number dialed, never from a parameter."""
    campaign = campaign_for_number(session, number=number)
    if campaign is not None or not number:
        return campaign, None
    partner = partner_for_number(session, number=number)
    if partner is None:
        return None, None
    live = next((c for c in list_campaigns(session) if c.slug == partner.campaign_slug), None)
    return live, partner.id if live is not None else None


def zip_targets(
    directory: DirectoryView, *, campaign: CampaignSpec, area: ZipArea, avoid: Collection[str] = frozenset()
) -> TargetList:
    """The campaign's targets that are certain for everyone in this ZIP code (numbers in `avoid`,
    marked unhealthy, only when an official has no other)."""
    location = area.shared_location()
    return targets_for(
        directory, campaign=campaign, location=location, caller=Caller(zip=area.zip), avoid=avoid
    )


def _open_inbound_call(
    session: Session,
    settings: Settings,
    campaign: CampaignSpec,
    *,
    call_sid: str,
    caller: str,
    partner_id: int | None,
) -> CallSession | None:
    try:
        phone: str | None = parse_caller_phone(caller)
    except PhoneError:
        phone = None  # withheld or foreign caller id: no bridge with their number, no stored number
    caller_hash = keyed_hash(
        secret=settings.secret_key.get_secret_value(), value=phone or caller or "anonymous"
    )
    try:
        check_call_allowed(
            session,
            settings=settings,
            campaign_slug=campaign.slug,
            caller_hash=caller_hash,
            ip_hash=None,
            office_phones=[],
        )
    except (CallLimitError, CallBlockedError):
        return None
    call = CallSession(
        id=new_call_id(),
        campaign_slug=campaign.slug,
        partner_id=partner_id,
        mode=CallMethod.CALL_IN,
        language=campaign.default_language,
        status=CallStatus.IN_PROGRESS,
        call_sid=call_sid,
        caller_phone=phone,
        caller_hash=caller_hash,
        answered_at=utcnow(),
    )
    session.add(call)
    session.flush()
    count_new_call(session, call=call)
    return call


def _not_busy(session: Session, settings: Settings, legs: list[PlannedLeg]) -> list[PlannedLeg]:
    """The legs whose office has not just had its share of calls (no flooding one office)."""
    phones = [leg.office_phone for leg in legs if leg.office_phone]
    busy = busy_offices(
        session, limits=CallLimits.from_settings(settings), office_phones=phones, now=utcnow()
    )
    return [leg for leg in legs if leg.office_phone not in busy]


def _replayed_inbound_step(session: Session, call: CallSession) -> Step:
    loaded = load_call(session, call_id=call.id)
    assert loaded is not None
    if loaded.legs:
        return first_step(loaded.views()).step
    return AskZip(retry=call.zip_attempts > 0)


def _start(session: Session, loaded: LoadedCall) -> Step:
    transition = first_step(loaded.views())
    apply_changes(session, loaded=loaded, changes=transition.changes)
    if loaded.call.status != CallStatus.IN_PROGRESS:
        advance_call(session, loaded=loaded, status=CallStatus.IN_PROGRESS)
    return transition.step


def _house_left_out(campaign: CampaignSpec, targets: TargetList) -> bool:
    wanted = Chamber.US_HOUSE in campaign.targets.chambers
    found = any(t.representative.chamber == Chamber.US_HOUSE for t in targets.targets)
    return wanted and not found and targets.location.congressional_district is None
