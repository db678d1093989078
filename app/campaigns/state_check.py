""" "Try every state": before a launch, the states where a caller would meet a target with no phone
number to call, or a script that does not render for a real member of the directory; and, for each
committee the campaign calls, the committee by name where it gives some callers no one to call
(no member reachable for WY callers) or a script fails for one of its members."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.campaigns.scripts import Caller, ScriptTarget, render_script
from app.campaigns.spec import CampaignSpec, CommitteeTarget
from app.civic.directory.committees import CommitteeInfo
from app.civic.directory.officials import Representative
from app.civic.directory.terms import TermStatus
from app.civic.directory.view import DirectoryView

SAMPLE_CALLER = Caller(name="Ana", city="Springfield", zip="01103")
# Enough examples per state to act on; the count says how many there are in all.
EXAMPLES = 3


@dataclass
class StateProblems:
    state: str
    without_phone: list[str] = field(default_factory=list)
    script_fails: list[str] = field(default_factory=list)


@dataclass
class CommitteeProblems:
    """A committee of the campaign that leaves callers with no one, or whose members' scripts fail.

    `name` is the committee's name ("Senate Committee on the Judiciary"; its id when the directory
    no longer holds it: `missing`). `nobody_reachable`: no sitting member has a phone number, so
    no caller gets anyone from it; `states_without_member`: the states (of those the campaign is
    for) whose callers get no one from it ("only the caller's own member": none of theirs sits on
    it with a phone number)."""

    committee_id: str
    name: str
    missing: bool = False
    nobody_reachable: bool = False
    states_without_member: list[str] = field(default_factory=list)
    without_phone: list[str] = field(default_factory=list)
    script_fails: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(
            self.missing
            or self.nobody_reachable
            or self.states_without_member
            or self.without_phone
            or self.script_fails
        )


@dataclass
class StateCheck:
    states_checked: int
    members_checked: int
    problems: list[StateProblems]
    committees: list[CommitteeProblems] = field(default_factory=list)


def try_every_state(
    directory: DirectoryView, *, campaign: CampaignSpec, now: datetime | None = None
) -> StateCheck:
    """Every sitting member of the targeted chambers in the targeted states (all when none are
    named): a phone number on some office, and each language's script rendered for them; then
    each committee's sitting members, for callers in every state the campaign is for."""
    now = now or datetime.now(UTC)
    chambers = set(campaign.targets.chambers)
    found: dict[str, StateProblems] = {}
    states: set[str] = set()
    scope: set[str] = set()
    seen: set[str] = set()
    for members in directory.by_division.values():
        for rep in members:
            if not campaign.is_for_state(rep.state):
                continue
            scope.add(rep.state)
            if rep.chamber not in chambers or rep.id in seen:
                continue
            seen.add(rep.id)
            states.add(rep.state)
            label = _label(rep)
            if not _reachable(rep):
                found.setdefault(rep.state, StateProblems(rep.state)).without_phone.append(label)
            for language in _failing_languages(campaign, target=ScriptTarget.of(rep)):
                found.setdefault(rep.state, StateProblems(rep.state)).script_fails.append(
                    f"{label} ({language})"
                )
    for custom in campaign.targets.custom:
        states.update(custom.states)
    committees = [
        _check_committee(directory, campaign, target, scope=scope, seen=seen, now=now)
        for target in campaign.targets.committees
    ]
    if campaign.targets.committees:
        states |= scope
    return StateCheck(
        len(states),
        len(seen),
        [found[state] for state in sorted(found)],
        [committee for committee in committees if committee.found],
    )


def _check_committee(
    directory: DirectoryView,
    campaign: CampaignSpec,
    target: CommitteeTarget,
    *,
    scope: set[str],
    seen: set[str],
    now: datetime,
) -> CommitteeProblems:
    committee = directory.committee(target.id)
    if committee is None:
        return CommitteeProblems(target.id, target.id, missing=True)
    result = CommitteeProblems(committee.id, committee.name)
    reachable_states: set[str] = set()
    for rep, role in _sitting_members(directory, committee, now=now):
        seen.add(rep.id)
        label = _label(rep)
        if _reachable(rep):
            reachable_states.add(rep.state)
        else:
            result.without_phone.append(label)
        seat = ScriptTarget.of(rep, committee=committee.name, committee_role=role)
        result.script_fails += [
            f"{label} ({language})" for language in _failing_languages(campaign, target=seat)
        ]
    if not reachable_states:
        result.nobody_reachable = True
    elif target.rule == "own-only":
        result.states_without_member = sorted(scope - reachable_states)
    return result


def _sitting_members(
    directory: DirectoryView, committee: CommitteeInfo, *, now: datetime
) -> Iterable[tuple[Representative, str]]:
    for seat in committee.seats:
        rep = directory.official(seat.official_id)
        if rep is not None and rep.term_status(now) == TermStatus.SITTING:
            yield rep, seat.role.value


def _label(rep: Representative) -> str:
    return f"{rep.title} {rep.name}".strip()


def _reachable(rep: Representative) -> bool:
    return any(office.phone for office in rep.offices)


def _failing_languages(campaign: CampaignSpec, *, target: ScriptTarget) -> list[str]:
    failing = []
    for language, script in campaign.scripts.items():
        try:
            render_script(
                script.text,
                caller=SAMPLE_CALLER,
                target=target,
                variables=campaign.variables_for(target.chamber),
                language=language,
            )
        except Exception:  # a sandboxed template fails in many ways: each is this state's problem
            failing.append(language)
    return failing
