"""Who a constituent should call for a campaign, through which office, with which words."""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.campaigns.custom import custom_targets
from app.campaigns.scripts import Caller, ScriptTarget, render_script_or_none
from app.campaigns.spec import CampaignSpec
from app.civic.directory.officials import OfficeChoice, Representative, nearest_office
from app.civic.directory.seats import EmptySeat, message, seats_for, state_label
from app.civic.directory.view import DirectoryView
from app.civic.geography.location import Location
from app.civic.locating.zip_codes import require_one_district, spanned_chambers


@dataclass(frozen=True)
class Target:
    representative: Representative
    choice: OfficeChoice | None
    script: str


@dataclass
class TargetList:
    campaign: CampaignSpec
    location: Location
    language: str
    targets: list[Target] = field(default_factory=list)
    vacancies: list[EmptySeat] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Chambers whose district a ZIP-only location could not decide (asked with `sure_only`).
    unsure_chambers: list[str] = field(default_factory=list)
    # Office numbers marked unhealthy when the targets were chosen (app.civic.directory.line_health).
    avoided: frozenset[str] = frozenset()


def script_language(campaign: CampaignSpec, *, requested: str | None) -> tuple[str, str | None]:
    """The language to use and, when the request could not be honoured, a note saying so."""
    fallback = campaign.fallback_language()
    if not requested or requested == fallback:
        return fallback, None
    if requested in campaign.scripts:
        return requested, None
    return fallback, message(fallback, key="no_translation", requested=requested, fallback=fallback)


def targets_for(
    directory: DirectoryView,
    *,
    campaign: CampaignSpec,
    location: Location,
    caller: Caller,
    language: str | None = None,
    now: datetime | None = None,
    sure_only: bool = False,
    avoid: Collection[str] = frozenset(),
) -> TargetList:
    """Only officials sitting at `now` are targets; the seats they leave empty get a note.

    `sure_only` answers a ZIP spanning districts with the targets it does decide (the Senators)
    instead of refusing it, unless it decides none. Office numbers in `avoid` are shown only when
    an official has no other."""
    now = now or datetime.now(UTC)
    chosen, note = script_language(campaign, requested=language)
    result = TargetList(campaign=campaign, location=location, language=chosen, avoided=frozenset(avoid))
    if note:
        result.notes.append(note)
    if not campaign.is_for_state(location.state):
        result.notes.append(_not_for_state_message(campaign, chosen))
        return result
    chambers = campaign.targets.chambers
    unsure = spanned_chambers(location, chambers=chambers) if sure_only else []
    if len(unsure) == len(chambers):
        unsure = []
    require_one_district(location, chambers=[c for c in chambers if c not in unsure])
    result.unsure_chambers = unsure
    caller = Caller(name=caller.name, city=caller.city or location.city, zip=caller.zip or location.zip)
    reps = directory.representatives_for(division_ids=location.division_ids, chambers=chambers)
    past_due = directory.past_due_vacancies(division_ids=location.division_ids, today=now.date())
    result.targets += _custom(campaign, location, caller, chosen, position="first")
    for chamber in (c for c in chambers if c not in unsure):
        members = [r for r in reps if r.chamber == chamber]
        seats = seats_for(
            chamber, location=location, members=members, now=now, language=chosen, past_due_vacancies=past_due
        )
        result.targets += [
            _target(campaign, r, location, caller, chosen, now=now, avoid=result.avoided)
            for r in seats.sitting
        ]
        result.vacancies += seats.notes
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
    campaign: CampaignSpec,
    rep: Representative,
    location: Location,
    caller: Caller,
    language: str,
    *,
    now: datetime,
    avoid: frozenset[str],
) -> Target:
    script = render_script_or_none(
        campaign.scripts[language].text,
        caller=caller,
        target=ScriptTarget.of(rep),
        variables=campaign.variables_for(rep.chamber),
        language=language,
        campaign=campaign.slug,
    )
    choice = nearest_office(
        rep.offices,
        latitude=location.latitude,
        longitude=location.longitude,
        state=location.state,
        now=now,
        avoid=avoid,
    )
    return Target(
        representative=rep, choice=choice, script=script or message(language, key="script_unavailable")
    )


def _not_for_state_message(campaign: CampaignSpec, language: str) -> str:
    names = [state_label(language, state=s) for s in campaign.targets.states]
    return message(language, key="not_for_state", states=f" {message(language, key='and')} ".join(names))
