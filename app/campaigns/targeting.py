"""Who a constituent should call for a campaign, through which office, with which words."""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.campaigns.custom import custom_targets
from app.campaigns.scripts import Caller, ScriptTarget, render_script_or_none
from app.campaigns.spec import CampaignSpec
from app.campaigns.special_targets import CommitteeSeatNote, Pick, own_member_chambers, special_picks
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
    # Their seat on a committee of the campaign, when they are called for it.
    seat: CommitteeSeatNote | None = None


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
    # For staff (previews, logs), never shown to callers: targets the directory no longer holds.
    staff_warnings: list[str] = field(default_factory=list)
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
    needed = list(dict.fromkeys([*chambers, *own_member_chambers(directory, campaign=campaign)]))
    unsure = spanned_chambers(location, chambers=needed) if sure_only else []
    if len(unsure) == len(needed) and not campaign.targets.has_others:
        unsure = []
    require_one_district(location, chambers=[c for c in needed if c not in unsure])
    result.unsure_chambers = unsure
    caller = Caller(name=caller.name, city=caller.city or location.city, zip=caller.zip or location.zip)
    reps = directory.representatives_for(division_ids=location.division_ids, chambers=needed)
    past_due = directory.past_due_vacancies(division_ids=location.division_ids, today=now.date())
    own: list[Pick] = []
    sitting: list[Representative] = []
    for chamber in (c for c in needed if c not in unsure):
        members = [r for r in reps if r.chamber == chamber]
        seats = seats_for(
            chamber, location=location, members=members, now=now, language=chosen, past_due_vacancies=past_due
        )
        sitting += seats.sitting
        if chamber in chambers:
            own += [Pick(r) for r in seats.sitting]
            result.vacancies += seats.notes
    picks = special_picks(directory, campaign=campaign, state=location.state, own=sitting, now=now)
    result.staff_warnings += [f"{gone} is no longer in the directory" for gone in picks.missing]
    first = _custom(campaign, location, caller, chosen, position="first")
    cap = campaign.targets.max_targets
    # Only the targets kept are filled in: a committee of 60 with a cap of 5 renders 5 scripts.
    chosen_picks = once_each(combine(campaign.targets.own_legislators, own=own, others=picks.picks))
    kept = chosen_picks[: None if cap is None else max(cap - len(first), 0)]
    result.targets = [
        *first,
        *(_target(campaign, pick, location, caller, chosen, now=now, avoid=result.avoided) for pick in kept),
        *_custom(campaign, location, caller, chosen, position="last"),
    ][:cap]
    return result


def combine(rule: str, *, own: list[Pick], others: list[Pick]) -> list[Pick]:
    """The caller's own legislators and the committee/list targets, as the campaign's rule orders them."""
    if rule == "after":
        return others + own
    if rule == "only-if-none":
        return own or others
    if rule == "fallback":
        return others or own
    return own + others


def once_each(picks: list[Pick]) -> list[Pick]:
    """Each person once, where they first come; a committee seat found later is kept for the card."""
    kept: dict[str, Pick] = {}
    for pick in picks:
        first = kept.get(pick.representative.id)
        if first is None or (first.seat is None and pick.seat is not None):
            kept[pick.representative.id] = pick
    return [kept[i] for i in dict.fromkeys(p.representative.id for p in picks)]


def _custom(
    campaign: CampaignSpec, location: Location, caller: Caller, language: str, *, position: str
) -> list[Target]:
    found = custom_targets(
        campaign, state=location.state, position=position, caller=caller, language=language
    )
    return [Target(representative=rep, choice=choice, script=script) for rep, choice, script in found]


def _target(
    campaign: CampaignSpec,
    pick: Pick,
    location: Location,
    caller: Caller,
    language: str,
    *,
    now: datetime,
    avoid: frozenset[str],
) -> Target:
    rep, seat = pick.representative, pick.seat
    script = render_script_or_none(
        campaign.scripts[language].text,
        caller=caller,
        target=ScriptTarget.of(
            rep, committee=seat.committee if seat else "", committee_role=seat.role.value if seat else ""
        ),
        variables=dict(campaign.variables) if rep.is_custom else campaign.variables_for(rep.chamber),
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
        representative=rep,
        choice=choice,
        script=script or message(language, key="script_unavailable"),
        seat=seat,
    )


def _not_for_state_message(campaign: CampaignSpec, language: str) -> str:
    names = [state_label(language, state=s) for s in campaign.targets.states]
    return message(language, key="not_for_state", states=f" {message(language, key='and')} ".join(names))
