"""Outcomes reported on the web page: for a leg of a bridged call, or by a "show me the number" visitor."""

import re

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from app.calls.bridge import WEB_OUTCOMES, LegChange
from app.calls.call_records import LoadedCall, load_call, new_call_id, require_call
from app.calls.counting import count_new_call, count_new_leg
from app.calls.outcomes import LegUpdate, update_leg
from app.campaigns.lookups import open_campaign
from app.db import session_scope, write_scope
from app.errors import CallNotFoundError, NoTargetsError, OutcomeInvalidError
from app.models import CallLeg, CallSession, Official
from app.privacy import keyed_hash

BROWSER_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,100}$")


def get_call(engine: Engine, *, call_id: str) -> LoadedCall:
    """A call and its legs, for the page that follows it live."""
    with session_scope(engine) as session:
        loaded = require_call(session, call_id=call_id)
        session.expunge_all()
        return loaded


def record_web_outcome(engine: Engine, *, call_id: str, position: int, outcome: str) -> LegUpdate:
    """The constituent's own report of one leg of their bridged or call-in call."""
    _check_outcome(outcome)
    with write_scope(engine) as session:
        loaded = load_call(session, call_id=call_id, for_update=True)
        leg = loaded.leg(position) if loaded is not None else None
        if loaded is None or leg is None or loaded.call.mode == "self-dialed":
            raise CallNotFoundError("There is no such call.")
        return update_leg(session, leg=leg, change=LegChange(position, outcome=outcome, outcome_source="web"))


def record_self_reported_outcome(
    engine: Engine, *, secret: str, slug: str, browser_token: str, target_id: str, outcome: str
) -> LegUpdate:
    """A visitor who called the number shown reports how it went; one leg per target per browser."""
    _check_outcome(outcome)
    if not BROWSER_TOKEN.match(browser_token):
        raise OutcomeInvalidError("The browser token must be 16 to 100 letters, digits, '-' or '_'.")
    token_hash = keyed_hash(secret=secret, value=browser_token)
    with write_scope(engine) as session:
        campaign = open_campaign(session, slug)
        official = session.get(Official, target_id)
        if official is None or official.chamber not in campaign.targets.chambers:
            raise NoTargetsError(f"{target_id!r} is not a target of this campaign.")
        call = _self_dialed_session(
            session, slug=slug, token_hash=token_hash, language=campaign.default_language
        )
        leg = _self_dialed_leg(session, call=call, official=official)
        return update_leg(
            session, leg=leg, change=LegChange(leg.position, outcome=outcome, outcome_source="web")
        )


def _check_outcome(outcome: str) -> None:
    if outcome not in WEB_OUTCOMES:
        raise OutcomeInvalidError(f"The outcome must be one of: {', '.join(WEB_OUTCOMES)}.")


def _self_dialed_session(session: Session, *, slug: str, token_hash: str, language: str) -> CallSession:
    found = session.exec(
        select(CallSession).where(
            CallSession.mode == "self-dialed",
            CallSession.campaign_slug == slug,
            CallSession.browser_token_hash == token_hash,
        )
    ).first()
    if found is not None:
        return found
    call = CallSession(
        id=new_call_id(),
        campaign_slug=slug,
        mode="self-dialed",
        language=language,
        status="self-reported",
        browser_token_hash=token_hash,
    )
    session.add(call)
    session.flush()
    count_new_call(session, call)
    return call


def _self_dialed_leg(session: Session, *, call: CallSession, official: Official) -> CallLeg:
    found = session.exec(
        select(CallLeg).where(CallLeg.session_id == call.id, CallLeg.target_id == official.id)
    ).first()
    if found is not None:
        return found
    count = session.exec(
        select(func.count()).select_from(CallLeg).where(col(CallLeg.session_id) == call.id)
    ).one()
    leg = CallLeg(
        session_id=call.id,
        position=int(count),
        target_id=official.id,
        name=official.name,
        title=official.title,
        chamber=official.chamber,
        state=official.state,
        district=official.district,
        status="self-reported",
    )
    session.add(leg)
    session.flush()
    count_new_leg(session, call, leg)
    return leg
