"""Outcomes reported on the web page: for a leg of a bridged call, or by a "show me the number" visitor."""

import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from app.calls.bridge import LegChange
from app.calls.call_records import LoadedCall, load_call, new_call_id, require_call
from app.calls.counting import count_new_call, count_new_leg
from app.calls.lookup_tokens import read_lookup_token
from app.calls.office_tries import mark_full_mailbox
from app.calls.outcomes import LegUpdate, leg_state, update_leg
from app.campaigns.directory_ids import names_official
from app.campaigns.lookups import open_campaign
from app.campaigns.spec import CampaignSpec
from app.kernel.clock import utcnow
from app.kernel.errors import CallLimitError, CallNotFoundError, NoTargetsError, OutcomeInvalidError
from app.kernel.privacy import keyed_hash
from app.kernel.vocabulary import CallMethod, CallStatus, LegStatus, Outcome, OutcomeSource
from app.models.call_fields import LegFields
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


def record_web_outcome(
    engine: Engine, *, settings: Settings, call_id: str, position: int, outcome: str
) -> LegUpdate:
    """The constituent's own report of one leg of their bridged or call-in call."""
    reported = _check_outcome(outcome)
    with write_scope(engine) as session:
        loaded = load_call(session, call_id=call_id, for_update=True)
        leg = loaded.leg(position) if loaded is not None else None
        if loaded is None or leg is None or loaded.call.mode == CallMethod.SELF_DIALED:
            raise CallNotFoundError("There is no such call.")
        update = update_leg(
            session,
            call=loaded.call,
            leg=leg,
            change=LegChange(position, outcome=reported, outcome_source=OutcomeSource.WEB),
        )
        _mark_full_mailbox(session, settings=settings, leg=leg, update=update)
        return update


def _mark_full_mailbox(session: Session, *, settings: Settings, leg: LegFields, update: LegUpdate) -> None:
    """A leg newly reported "mailbox full" marks the number it called unhealthy (once per leg:
    a repeated or corrected report does not mark it again)."""
    newly = update.after.outcome == Outcome.MAILBOX_FULL and update.before.outcome != Outcome.MAILBOX_FULL
    if not newly or not leg.office_phone:
        return
    mark_full_mailbox(session, settings=settings, phone=leg.office_phone)


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
    """A visitor who called the number shown reports how it went; one leg per target per lookup.

    Only for a target the server showed them (the signed lookup token), in a campaign open to
    their state, and at most `report_limit_per_ip_per_hour` new reports per client address. A
    lookup reports each of its targets once, whichever browser or process sends it: a repeat
    changes nothing and answers with what was recorded first; the browser that reported may
    correct its own report (no new call either way).
    """
    reported = _check_outcome(report.outcome)
    if not BROWSER_TOKEN.match(report.browser_token):
        raise OutcomeInvalidError("The browser token must be 16 to 100 letters, digits, '-' or '_'.")
    secret = settings.secret_key.get_secret_value()
    grant = read_lookup_token(report.lookup, secret=secret)
    if grant.campaign != report.slug or report.target_id not in grant.target_ids:
        raise OutcomeInvalidError("You can only report calls to the offices this page showed you.")
    visit = _Visit(
        report=report,
        outcome=reported,
        lookup_key=grant.key,
        partner_id=grant.partner_id,
        source=grant.source,
        token_hash=keyed_hash(secret=secret, value=report.browser_token),
        ip_hash=keyed_hash(secret=secret, value=report.client_ip) if report.client_ip else None,
        per_hour=settings.report_limit_per_ip_per_hour,
        settings=settings,
        office_phone=grant.phones.get(report.target_id),
    )
    try:
        return _record_visit(engine, visit=visit)
    except IntegrityError:
        # Another process stored this lookup's report of the target first (the unique index on
        # lookup and target): read it back, as a repeat.
        return _record_visit(engine, visit=visit)


@dataclass(frozen=True)
class _Visit:
    report: SelfReport
    outcome: Outcome
    lookup_key: str
    token_hash: str
    ip_hash: str | None
    per_hour: int
    settings: Settings
    partner_id: int | None = None
    source: str = ""
    # The number the page showed for the target, if the lookup token says (older tokens do not).
    office_phone: str | None = None


def _record_visit(engine: Engine, *, visit: _Visit) -> LegUpdate:
    with write_scope(engine) as session:
        campaign, official = _reported_target(session, report=visit.report)
        first = _reported_leg(session, lookup_key=visit.lookup_key, target_id=official.id)
        if first is not None:
            return _repeat(session, leg=first, visit=visit)
        call = _find_self_dialed_session(session, slug=campaign.slug, token_hash=visit.token_hash)
        leg = _find_leg(session, call=call, official=official) if call is not None else None
        if leg is None and visit.ip_hash:
            _check_report_limit(session, ip_hash=visit.ip_hash, per_hour=visit.per_hour)
        call = call or _new_self_dialed_session(
            session, slug=campaign.slug, language=campaign.default_language, visit=visit
        )
        leg = leg or _new_self_dialed_leg(
            session,
            call=call,
            official=official,
            lookup_key=visit.lookup_key,
            office_phone=visit.office_phone,
        )
        return _report_on(session, call=call, leg=leg, visit=visit)


def _reported_target(session: Session, *, report: SelfReport) -> tuple[CampaignSpec, Official]:
    campaign = open_campaign(session, slug=report.slug)
    official = session.get(Official, report.target_id)
    if official is None or not names_official(session, spec=campaign, official=official):
        raise NoTargetsError(f"{report.target_id!r} is not a target of this campaign.")
    return campaign, official


def _reported_leg(session: Session, *, lookup_key: str, target_id: str) -> CallLeg | None:
    query = select(CallLeg).where(CallLeg.lookup_key == lookup_key, CallLeg.target_id == target_id)
    return session.exec(query).first()


def _repeat(session: Session, *, leg: CallLeg, visit: _Visit) -> LegUpdate:
    """This lookup reported the target already: the browser that did may correct its report; any
    other answer gets what was recorded first, and nothing is written."""
    call = session.get(CallSession, leg.session_id)
    if call is None or call.browser_token_hash != visit.token_hash:
        assert leg.id is not None
        state = leg_state(leg)
        return LegUpdate(leg.id, leg.session_id, leg.target_id, state, state)
    return _report_on(session, call=call, leg=leg, visit=visit)


def _report_on(session: Session, *, call: CallSession, leg: CallLeg, visit: _Visit) -> LegUpdate:
    change = LegChange(leg.position, outcome=visit.outcome, outcome_source=OutcomeSource.WEB)
    update = update_leg(session, call=call, leg=leg, change=change)
    _mark_full_mailbox(session, settings=visit.settings, leg=leg, update=update)
    return update


def _check_report_limit(session: Session, *, ip_hash: str, per_hour: int) -> None:
    since = utcnow() - timedelta(hours=1)
    recent = session.exec(
        select(func.count())
        .select_from(CallLeg)
        .join(CallSession, col(CallSession.id) == col(CallLeg.session_id))
        .where(
            CallSession.mode == CallMethod.SELF_DIALED,
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


def _find_self_dialed_session(session: Session, *, slug: str, token_hash: str) -> CallSession | None:
    return session.exec(
        select(CallSession).where(
            CallSession.mode == CallMethod.SELF_DIALED,
            CallSession.campaign_slug == slug,
            CallSession.browser_token_hash == token_hash,
        )
    ).first()


def _new_self_dialed_session(session: Session, *, slug: str, language: str, visit: _Visit) -> CallSession:
    call = CallSession(
        id=new_call_id(),
        campaign_slug=slug,
        mode=CallMethod.SELF_DIALED,
        language=language,
        status=CallStatus.SELF_REPORTED,
        browser_token_hash=visit.token_hash,
        client_ip_hash=visit.ip_hash,
        partner_id=visit.partner_id,
        source=visit.source,
    )
    session.add(call)
    session.flush()
    count_new_call(session, call=call)
    return call


def _find_leg(session: Session, *, call: CallSession, official: Official) -> CallLeg | None:
    """This browser's leg for the official (reported after another lookup): corrected, not added."""
    query = select(CallLeg).where(CallLeg.session_id == call.id, CallLeg.target_id == official.id)
    return session.exec(query).first()


def _new_self_dialed_leg(
    session: Session, *, call: CallSession, official: Official, lookup_key: str, office_phone: str | None
) -> CallLeg:
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
        lookup_key=lookup_key,
        office_phone=office_phone,
    )
    session.add(leg)
    session.flush()
    count_new_leg(session, call=call, leg=leg)
    return leg
