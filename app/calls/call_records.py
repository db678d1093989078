"""Call sessions and their legs in the database: created before any call is placed, read by id."""

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from app.calls.bridge import LegView
from app.calls.counting import count_new_leg
from app.campaigns.scripts import Caller, ScriptTarget, localized_title, render_script_or_none
from app.campaigns.targeting import Target, TargetList
from app.civic.directory.office_order import offices_in_turn, place_of
from app.kernel.clock import utcnow
from app.kernel.errors import CallNotFoundError
from app.kernel.vocabulary import Chamber, TargetKind
from app.models.call_fields import CallFields, LegFields
from app.models.calls import CallLeg, CallSession


@dataclass(frozen=True)
class PlannedLeg:
    """A target to connect, resolved before the call: the office number comes from our directory."""

    target_id: str
    name: str
    title: str
    chamber: TargetKind
    state: str
    district: str
    office_phone: str | None
    intro: str
    # The offices to try in turn, `office_phone` first: (phone, place) pairs.
    offices: tuple[tuple[str, str], ...] = ()
    # The target's script: kept only for a test call's rehearsal (app.calls.staff_calls).
    script: str = ""


@dataclass
class LoadedCall:
    call: CallFields
    legs: list[LegFields]

    def views(self) -> list[LegView]:
        return [leg_view(leg) for leg in self.legs]

    def leg(self, position: int) -> LegFields | None:
        return next((leg for leg in self.legs if leg.position == position), None)


def new_call_id() -> str:
    """An opaque id, safe in URLs and unguessable (the status page is reached by it alone)."""
    return secrets.token_urlsafe(18)


def plan_legs(targets: TargetList, *, now: datetime | None = None) -> list[PlannedLeg]:
    """One leg per target with a phone number, each with its spoken intro rendered now and the
    target's offices in the order a busy line tries them (app.civic.directory.office_order)."""
    now = now or utcnow()
    campaign = targets.campaign
    intro_template = campaign.scripts[targets.language].intro
    planned = []
    for target in targets.targets:
        if target.choice is None or not target.choice.office.phone:
            continue
        rep = target.representative
        intro = ""
        if intro_template:
            intro = (
                render_script_or_none(
                    intro_template,
                    caller=Caller(),
                    target=ScriptTarget.of(rep),
                    variables=campaign.variables_for(rep.chamber),
                    language=targets.language,
                    campaign=campaign.slug,
                )
                or ""
            )
        planned.append(
            PlannedLeg(
                rep.id,
                rep.name,
                localized_title(rep.title, language=targets.language, gender=rep.gender),
                rep.chamber,
                rep.state,
                rep.district,
                target.choice.office.phone,
                intro,
                _offices_to_try(targets, target, now=now),
            )
        )
    return planned


def _offices_to_try(targets: TargetList, target: Target, *, now: datetime) -> tuple[tuple[str, str], ...]:
    assert target.choice is not None
    location = targets.location
    ordered = offices_in_turn(
        target.representative.offices,
        first=target.choice.office,
        latitude=location.latitude,
        longitude=location.longitude,
        now=now,
        avoid=targets.avoided,
    )
    return tuple((office.phone or "", place_of(office)) for office in ordered)


def districts_of(legs: list[PlannedLeg]) -> str:
    """`MA-7`-style labels of the House districts called (no address is ever stored)."""
    return ",".join(
        sorted({f"{leg.state}-{leg.district}" for leg in legs if leg.chamber == Chamber.US_HOUSE})
    )


def add_legs(session: Session, *, call_id: str, legs: list[PlannedLeg], start: int = 0) -> None:
    call = session.get(CallSession, call_id)
    assert call is not None, "legs are added to a stored call session"
    for position, leg in enumerate(legs, start=start):
        row = CallLeg(
            session_id=call_id,
            position=position,
            target_id=leg.target_id,
            name=leg.name,
            title=leg.title,
            chamber=leg.chamber,
            state=leg.state,
            district=leg.district,
            office_phone=leg.office_phone,
            offices=[list(office) for office in leg.offices],
            intro=leg.intro,
            script=leg.script,
        )
        session.add(row)
        count_new_leg(session, call=call, leg=row)


def load_call(session: Session, *, call_id: str, for_update: bool = False) -> LoadedCall | None:
    """The session and its legs; `for_update` locks the session row (PostgreSQL) for this transaction."""
    query = select(CallSession).where(CallSession.id == call_id)
    call = session.exec(query.with_for_update() if for_update else query).first()
    if call is None:
        return None
    legs = session.exec(
        select(CallLeg).where(CallLeg.session_id == call_id).order_by(col(CallLeg.position))
    ).all()
    return LoadedCall(call, list(legs))


def require_call(session: Session, *, call_id: str) -> LoadedCall:
    loaded = load_call(session, call_id=call_id)
    if loaded is None:
        raise CallNotFoundError("There is no such call.")
    return loaded


def leg_view(leg: LegFields) -> LegView:
    return LegView(
        position=leg.position,
        status=leg.status,
        title=leg.title,
        name=leg.name,
        intro=leg.intro,
        office_phone=leg.office_phone,
        dial_call_status=leg.dial_call_status,
        outcome=leg.outcome,
        attempt=leg.attempt,
        offices=tuple((str(phone), str(place)) for phone, place in leg.offices or ()),
        script=leg.script,
    )
