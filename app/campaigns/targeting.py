"""Who a constituent should call for a campaign, through which office, with which words."""

from dataclasses import dataclass, field

from sqlmodel import Session

from app.campaigns.custom import custom_targets
from app.campaigns.scripts import Caller, ScriptTarget, render_script
from app.campaigns.spec import CampaignSpec
from app.civic.directory import OfficeChoice, Representative, nearest_office, representatives_for
from app.civic.divisions import DELEGATE_PLACES, state_name
from app.civic.legislative_districts import district_by_division, is_unicameral
from app.civic.location import Location
from app.civic.zip_codes import require_one_district
from app.i18n.catalog import text

SEATS_PER_LOCATION = {"us-senate": 2, "us-house": 1}
STATE_CHAMBERS = frozenset({"state-upper", "state-lower"})


@dataclass(frozen=True)
class Target:
    representative: Representative
    choice: OfficeChoice | None
    script: str


@dataclass(frozen=True)
class EmptySeat:
    """A seat at the location that no one in the directory fills, and what to tell the constituent."""

    chamber: str
    message: str


@dataclass
class TargetList:
    campaign: CampaignSpec
    location: Location
    language: str
    targets: list[Target] = field(default_factory=list)
    vacancies: list[EmptySeat] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def script_language(campaign: CampaignSpec, requested: str | None) -> tuple[str, str | None]:
    """The language to use and, when the request could not be honoured, a note saying so."""
    fallback = campaign.fallback_language()
    if not requested or requested == fallback:
        return fallback, None
    if requested in campaign.scripts:
        return requested, None
    return fallback, message(fallback, "no_translation", requested=requested, fallback=fallback)


def targets_for(
    session: Session,
    *,
    campaign: CampaignSpec,
    location: Location,
    caller: Caller,
    language: str | None = None,
) -> TargetList:
    chosen, note = script_language(campaign, language)
    result = TargetList(campaign=campaign, location=location, language=chosen)
    if note:
        result.notes.append(note)
    if not campaign.is_for_state(location.state):
        result.notes.append(_not_for_state_message(campaign, chosen))
        return result
    require_one_district(location, chambers=campaign.targets.chambers)
    caller = Caller(name=caller.name, city=caller.city or location.city, zip=caller.zip or location.zip)
    reps = representatives_for(
        session, division_ids=location.division_ids, chambers=campaign.targets.chambers
    )
    result.targets += _custom(campaign, location, caller, chosen, position="first")
    for chamber in campaign.targets.chambers:
        members = [r for r in reps if r.chamber == chamber]
        result.targets += [_target(campaign, r, location, caller, chosen) for r in members]
        result.vacancies += vacancies_for(chamber, location, len(members), language=chosen)
    result.targets += _custom(campaign, location, caller, chosen, position="last")
    return result


def _custom(
    campaign: CampaignSpec, location: Location, caller: Caller, language: str, *, position: str
) -> list[Target]:
    found = custom_targets(
        campaign, state=location.state, position=position, caller=caller, language=language
    )
    return [Target(representative=rep, choice=choice, script=script) for rep, choice, script in found]


def _target(
    campaign: CampaignSpec, rep: Representative, location: Location, caller: Caller, language: str
) -> Target:
    script = render_script(
        campaign.scripts[language].text,
        caller=caller,
        target=ScriptTarget(rep.title, rep.name, rep.last_name, rep.chamber, rep.state, rep.district),
        variables=campaign.variables_for(rep.chamber),
        language=language,
    )
    choice = nearest_office(
        rep.offices, latitude=location.latitude, longitude=location.longitude, state=location.state
    )
    return Target(representative=rep, choice=choice, script=script)


def vacancies_for(chamber: str, location: Location, found: int, *, language: str = "en") -> list[EmptySeat]:
    """What to say about the seats of `chamber` at the location that `found` officials do not fill."""
    if chamber in STATE_CHAMBERS:
        return _state_vacancies(chamber, location, found, language)
    expected = SEATS_PER_LOCATION.get(chamber, 0)
    if chamber == "us-senate" and location.state in DELEGATE_PLACES:
        return []
    if chamber == "us-house" and location.congressional_district is None:
        return [EmptySeat(chamber, message(language, "unknown_cd"))]
    return _vacant_seats(chamber, expected - found, language)


def _state_vacancies(chamber: str, location: Location, found: int, language: str) -> list[EmptySeat]:
    if chamber == "state-lower" and is_unicameral(location.state):
        return [EmptySeat(chamber, message(language, "unicameral", state=state_name(location.state)))]
    districts = [d for d in map(district_by_division, location.division_ids) if d and d.chamber == chamber]
    if not districts:
        label = chamber_label(language, chamber)
        return [EmptySeat(chamber, message(language, "unknown_district", chamber=label))]
    return _vacant_seats(chamber, sum(d.seats for d in districts) - found, language)


def _vacant_seats(chamber: str, missing: int, language: str) -> list[EmptySeat]:
    if missing <= 0:
        return []
    key = "vacant_one" if missing == 1 else "vacant_many"
    return [EmptySeat(chamber, message(language, key, n=missing, chamber=chamber_label(language, chamber)))]


def _not_for_state_message(campaign: CampaignSpec, language: str) -> str:
    names = [state_name(s) for s in campaign.targets.states]
    return message(language, "not_for_state", states=f" {message(language, 'and')} ".join(names))


def message(language: str, key: str, **values: object) -> str:
    """A note of the catalog's targeting section in `language`, filled in."""
    return text(language, "targeting", key, **values)


def chamber_label(language: str, chamber: str) -> str:
    return message(language, chamber)
