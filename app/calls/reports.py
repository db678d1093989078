"""Outcomes reported on the web page: for a leg of a bridged call, or by a "show me the number" visitor."""

import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from app.calls.bridge import LegChange
from app.calls.call_records import LoadedCall, load_call, new_call_id, require_call
from app.calls.counting import count_new_call, count_new_leg
from app.calls.lookup_tokens import read_lookup_token
from app.calls.outcomes import LegUpdate, update_leg
from app.campaigns.lookups import open_campaign
from app.kernel.clock import utcnow
from app.kernel.errors import CallLimitError, CallNotFoundError, NoTargetsError, OutcomeInvalidError
from app.kernel.privacy import keyed_hash
from app.kernel.vocabulary import CallStatus, LegStatus, Outcome
from app.models.calls import CallLeg, CallSession
from app.models.directory import Official
from app.settings import Settings
from app.storage.db import session_scope, write_scope

BROWSER_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,100}$")
# The CallLimitError code of too many self-reports from one connection in an hour.
REPORT_LIMIT_CODE = "report_limit_reached"


def get_call(engine: Engine, *, call_id: str) -> LoadedCall:
    """A call and its legs, for the page that follows it live."""
    with session_scope(engine) as session:
        loaded = require_call(session, call_id=call_id)
        session.expunge_all()
        return loaded


def record_web_outcome(engine: Engine, *, call_id: str, position: int, outcome: str) -> LegUpdate:
    """The constituent's own report of one leg of their bridged or call-in call."""
    reported = _check_outcome(outcome)
    with write_scope(engine) as session:
        loaded = load_call(session, call_id=call_id, for_update=True)
        leg = loaded.leg(position) if loaded is not None else None
        if loaded is None or leg is None or loaded.call.mode == "self-dialed":
            raise CallNotFoundError("There is no such call.")
        return update_leg(
            session,
            call=loaded.call,
            leg=leg,
            change=LegChange(position, outcome=reported, outcome_source="web"),
        )


@dataclass(frozen=True)
class SelfReport:
    """A "show me the number" visitor's report: `lookup` is the token their targets answer carried."""

    slug: str
    browser_token: str
    lookup: str
    target_id: str
    outcome: str
    client_ip: str | None = None


def record_self_reported_outcome(engine: Engine, *, settings: Settings, report: SelfReport) -> LegUpdate:
    """A visitor who called the number shown reports how it went; one leg per target per browser.

    Only for a target the server showed them (the signed lookup token), in a campaign open to
    their state, and at most `report_limit_per_ip_per_hour` new reports per client address.
    """
    reported = _check_outcome(report.outcome)
    if not BROWSER_TOKEN.match(report.browser_token):
        raise OutcomeInvalidError("The browser token must be 16 to 100 letters, digits, '-' or '_'.")
    secret = settings.secret_key.get_secret_value()
    grant = read_lookup_token(report.lookup, secret=secret)
    if grant.campaign != report.slug or report.target_id not in grant.target_ids:
        raise OutcomeInvalidError("You can only report calls to the offices this page showed you.")
    token_hash = keyed_hash(secret=secret, value=report.browser_token)
    ip_hash = keyed_hash(secret=secret, value=report.client_ip) if report.client_ip else None
    with write_scope(engine) as session:
        campaign = open_campaign(session, slug=report.slug)
        official = session.get(Official, report.target_id)
        if official is None or official.chamber not in campaign.targets.chambers:
            raise NoTargetsError(f"{report.target_id!r} is not a target of this campaign.")
        if not campaign.is_for_state(official.state):
            raise NoTargetsError(f"{report.target_id!r} is not a target of this campaign.")
        call = _self_dialed_session(
            session,
            slug=report.slug,
            token_hash=token_hash,
            language=campaign.default_language,
            ip_hash=ip_hash,
        )
        if ip_hash and _is_new_leg(session, call=call, official=official):
            _check_report_limit(session, ip_hash=ip_hash, per_hour=settings.report_limit_per_ip_per_hour)
        leg = _self_dialed_leg(session, call=call, official=official)
        return update_leg(
            session,
            call=call,
            leg=leg,
            change=LegChange(leg.position, outcome=reported, outcome_source="web"),
        )


def _is_new_leg(session: Session, *, call: CallSession, official: Official) -> bool:
    query = select(CallLeg.id).where(CallLeg.session_id == call.id, CallLeg.target_id == official.id)
    return session.exec(query).first() is None


def _check_report_limit(session: Session, *, ip_hash: str, per_hour: int) -> None:
    since = utcnow() - timedelta(hours=1)
    recent = session.exec(
        select(func.count())
        .select_from(CallLeg)
        .join(CallSession, col(CallSession.id) == col(CallLeg.session_id))
        .where(
            CallSession.mode == "self-dialed",
            CallSession.client_ip_hash == ip_hash,
            col(CallLeg.created_at) >= since,
        )
    ).one()
    if recent >= per_hour:
        raise CallLimitError(
            "Too many calls reported from this connection. Please try again later.",
            code=REPORT_LIMIT_CODE,
        )


def _check_outcome(outcome: str) -> Outcome:
    """The outcome a constituent reported, if it is one they may report."""
    reportable = [choice for choice in Outcome if choice.reportable]
    if outcome not in reportable:
        raise OutcomeInvalidError(f"The outcome must be one of: {', '.join(reportable)}.")
    return Outcome(outcome)


def _self_dialed_session(
    session: Session, *, slug: str, token_hash: str, language: str, ip_hash: str | None
) -> CallSession:
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
        status=CallStatus.SELF_REPORTED,
        browser_token_hash=token_hash,
        client_ip_hash=ip_hash,
    )
    session.add(call)
    session.flush()
    count_new_call(session, call=call)
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
        status=LegStatus.SELF_REPORTED,
    )
    session.add(leg)
    session.flush()
    count_new_leg(session, call=call, leg=leg)
    return leg
