""" "Try every state": before a launch, the states where a caller would meet a target with no phone
number to call, or a script that does not render for a real member of the directory."""

from dataclasses import dataclass, field

from app.campaigns.scripts import Caller, ScriptTarget, render_script
from app.campaigns.spec import CampaignSpec
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
class StateCheck:
    states_checked: int
    members_checked: int
    problems: list[StateProblems]


def try_every_state(directory: DirectoryView, *, campaign: CampaignSpec) -> StateCheck:
    """Every sitting member of the targeted chambers in the targeted states (all when none are
    named): a phone number on some office, and each language's script rendered for them."""
    chambers = set(campaign.targets.chambers)
    found: dict[str, StateProblems] = {}
    states: set[str] = set()
    checked = 0
    seen: set[str] = set()
    for members in directory.by_division.values():
        for rep in members:
            if rep.chamber not in chambers or not campaign.is_for_state(rep.state) or rep.id in seen:
                continue
            seen.add(rep.id)
            checked += 1
            states.add(rep.state)
            label = f"{rep.title} {rep.name}".strip()
            if not any(office.phone for office in rep.offices):
                found.setdefault(rep.state, StateProblems(rep.state)).without_phone.append(label)
            for language in _failing_languages(campaign, target=ScriptTarget.of(rep)):
                found.setdefault(rep.state, StateProblems(rep.state)).script_fails.append(
                    f"{label} ({language})"
                )
    for custom in campaign.targets.custom:
        states.update(custom.states)
    return StateCheck(len(states), checked, [found[state] for state in sorted(found)])


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
