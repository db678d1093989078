"""Call scripts: Jinja2 templates rendered in a sandbox, with every placeholder known up front."""

import logging
import re
from dataclasses import dataclass, replace
from functools import lru_cache

import us
from jinja2 import Template, TemplateSyntaxError, UndefinedError, meta

from app.campaigns.sandbox import ScriptSandbox, render_bounded
from app.campaigns.script_work import script_work_problems
from app.campaigns.spec import CampaignSpec, CustomTarget
from app.civic.directory.officials import Gender, Representative
from app.i18n.catalog import words
from app.kernel.vocabulary import Chamber, Custom

log = logging.getLogger("switchboard")
_env = ScriptSandbox()
# Scripts are checked for a sample target in each of these places when a campaign names no states.
EVERY_PLACE = tuple(state.abbr for state in us.states.STATES_AND_TERRITORIES)
RESERVED = frozenset({"caller", "target"})


def localized_title(title: str, *, language: str, gender: str = Gender.UNKNOWN) -> str:
    """A legislator's title in `language`, in the form for their gender where the language has one
    (`Senator.female` → "Senadora"), else the neutral form ("Senador/a"); other titles (a custom
    target's) stay as written."""
    titles = words(language, "titles")
    return titles.get(f"{title}.{gender}") or titles.get(title, title)


def committee_role_title(role: str, *, language: str, gender: str = Gender.UNKNOWN) -> str:
    """A committee seat's role in `language` ("Chair", "Presidenta"); "" for no role."""
    if not role:
        return ""
    titles = words(language, "titles")
    return titles.get(f"committee.{role}.{gender}") or titles.get(f"committee.{role}", role)


@dataclass(frozen=True)
class ScriptError:
    line: int
    reason: str


@dataclass(frozen=True)
class Caller:
    name: str = ""
    city: str = ""
    zip: str = ""


@dataclass(frozen=True)
class ScriptTarget:
    title: str
    name: str
    last_name: str
    chamber: str
    state: str
    district: str
    gender: Gender = Gender.UNKNOWN
    # The committee the target is called for (its name), and their role on it (a CommitteeRole).
    committee: str = ""
    committee_role: str = ""

    @classmethod
    def of(cls, rep: Representative, *, committee: str = "", committee_role: str = "") -> "ScriptTarget":
        return cls(
            rep.title,
            rep.name,
            rep.last_name,
            rep.chamber,
            rep.state,
            rep.district,
            rep.gender,
            committee=committee,
            committee_role=committee_role,
        )


def render_script(
    template: str, *, caller: Caller, target: ScriptTarget, variables: dict[str, str], language: str
) -> str:
    """The script filled in. The same inputs give the same text, so recent answers are kept: a
    crowd looking up one ZIP code, or one caller's reload, renders each official's script once."""
    return _render_remembered(template, caller, target, tuple(variables.items()), language)


@lru_cache(maxsize=4096)
def _render_remembered(
    template: str,
    caller: Caller,
    target: ScriptTarget,
    variables: tuple[tuple[str, str], ...],
    language: str,
) -> str:
    script_words = words(language, "script")
    context = {
        **dict(variables),
        "caller": {
            "name": caller.name or script_words["blank_name"],
            "city": caller.city or script_words["blank_city"],
            "zip": caller.zip or script_words["blank_zip"],
        },
        "target": {
            "title": localized_title(target.title, language=language, gender=target.gender),
            "gender": str(target.gender),
            "name": target.name,
            "last_name": target.last_name,
            "chamber": target.chamber,
            "chamber_name": script_words.get(f"chamber_{target.chamber}", ""),
            "state": target.state,
            "district": target.district,
            "committee": target.committee,
            "committee_role": committee_role_title(
                target.committee_role, language=language, gender=target.gender
            ),
        },
    }
    return render_bounded(_compiled(template), context=context).strip()


def render_script_or_none(
    template: str,
    *,
    caller: Caller,
    target: ScriptTarget,
    variables: dict[str, str],
    language: str,
    campaign: str,
) -> str | None:
    """The script for one target, or None when it does not render (logged for the organizer)."""
    try:
        return render_script(template, caller=caller, target=target, variables=variables, language=language)
    except Exception as error:  # a sandboxed template can fail in many ways; none may fail the page
        log.warning(
            "campaign %s: the %s script does not render for %s (%s, %s): %s",
            campaign,
            language,
            target.name,
            target.chamber,
            target.state,
            error,
        )
        return None


def compile_scripts(spec: CampaignSpec) -> None:
    """Compile every script of a campaign now (when it is loaded), so that no request pays for it.

    A stored script that does not compile (saved before today's checks) is left for the lookup,
    which shows a note in its place (see `render_script_or_none`)."""
    for language, script in spec.scripts.items():
        try:
            _compiled(script.text)
        except TemplateSyntaxError as error:
            log.warning("campaign %s: the %s script does not compile: %s", spec.slug, language, error)


@lru_cache(maxsize=4096)
def _compiled(template: str) -> Template:
    """Compiling a template costs far more than rendering it; campaigns reuse a few templates."""
    return _env.from_string(template)


SAMPLE_TARGETS = {
    Chamber.US_SENATE: ScriptTarget("Senator", "Alex Sample", "Sample", Chamber.US_SENATE, "MA", ""),
    Chamber.US_HOUSE: ScriptTarget("Representative", "Alex Sample", "Sample", Chamber.US_HOUSE, "MA", "7"),
    Chamber.STATE_UPPER: ScriptTarget(
        "Senator", "Alex Sample", "Sample", Chamber.STATE_UPPER, "MA", "First Suffolk"
    ),
    Chamber.STATE_LOWER: ScriptTarget(
        "Representative", "Alex Sample", "Sample", Chamber.STATE_LOWER, "MA", "Second Suffolk"
    ),
}


@dataclass(frozen=True)
class Sample:
    """A target a template must render for; `group` (a chamber or a custom target) names its problems."""

    group: str
    label: str
    target: ScriptTarget
    variables: dict[str, str]


def sample_targets(spec: CampaignSpec) -> list[Sample]:
    """What a template must render for: a sample legislator of every chamber in every targeted
    state (every state and territory when the campaign names none), and every custom target."""
    places = spec.targets.states or EVERY_PLACE
    samples = [
        Sample(
            chamber,
            f"{chamber} in {state}",
            replace(SAMPLE_TARGETS[chamber], state=state),
            spec.variables_for(chamber),
        )
        for chamber in spec.targets.chambers
        for state in places
    ]
    if spec.targets.committees or spec.targets.officials:
        samples += [
            Sample(
                f"committee members ({chamber})",
                f"a committee member of the {chamber}",
                replace(SAMPLE_TARGETS[chamber], committee="Sample Committee", committee_role="chair"),
                spec.variables_for(chamber),
            )
            for chamber in Chamber
        ]
    if spec.targets.people:
        row = spec.targets.people[0]
        target = ScriptTarget(row.title, row.name, row.name.split()[-1], Custom.TARGET, row.state, "")
        samples.append(Sample("people", f"people row 1 ({row.name})", target, dict(spec.variables)))
    for custom in spec.targets.custom:
        target = custom_script_target(custom)
        samples.append(Sample(custom.name, custom.name, target, spec.variables_for_custom(custom)))
    return samples


def custom_script_target(custom: CustomTarget) -> ScriptTarget:
    state = custom.states[0] if len(custom.states) == 1 else ""
    return ScriptTarget(custom.title, custom.name, custom.name.split()[-1], Custom.TARGET, state, "")


def check_template(template: str, *, spec: CampaignSpec, language: str) -> list[ScriptError]:
    """Problems with one template: syntax, unknown placeholders, failure to render for any target."""
    try:
        parsed = _env.parse(template)
    except TemplateSyntaxError as error:
        return [ScriptError(error.lineno, f"template syntax error: {error.message}")]
    work = script_work_problems(parsed)
    if work:
        return [ScriptError(problem.line, problem.reason) for problem in work]
    errors: list[ScriptError] = []
    undeclared = meta.find_undeclared_variables(parsed) - RESERVED
    failed: set[str] = set()
    for sample in sample_targets(spec):
        group = sample.group
        if group in failed:
            continue  # one problem per chamber is enough, not one per state
        unknown = sorted(undeclared - set(sample.variables))
        if unknown:
            failed.add(group)
            line = _line_of(template, unknown[0])
            errors.append(ScriptError(line, f"unknown placeholder(s) for {group}: {', '.join(unknown)}"))
            continue
        try:
            render_script(
                template,
                caller=Caller("Sam", "Springfield", "01101"),
                target=sample.target,
                variables=sample.variables,
                language=language,
            )
        except UndefinedError as error:
            failed.add(group)
            missing = re.search(r"attribute '(\w+)'", error.message or "")
            line = _line_of(template, missing.group(1)) if missing else 1
            errors.append(ScriptError(line, f"unknown placeholder for {group}: {error.message}"))
        except Exception as error:  # a sandboxed template can fail in many ways; all are reported
            failed.add(group)
            errors.append(ScriptError(1, f"does not render for {sample.label}: {error}"))
    return errors


def _line_of(template: str, word: str) -> int:
    """The template line (1-based) where `word` first appears inside a tag, else 1."""
    pattern = re.compile(rf"{{[{{%][^}}]*\b{re.escape(word)}\b")
    for number, line in enumerate(template.splitlines(), start=1):
        if pattern.search(line):
            return number
    return 1


def check_spec_scripts(spec: CampaignSpec) -> list[tuple[tuple[str, ...], ScriptError]]:
    """Every template of a campaign checked, with the field path each problem belongs to."""
    problems: list[tuple[tuple[str, ...], ScriptError]] = []
    for language, script in spec.scripts.items():
        for field in ("text", "intro"):
            for error in check_template(getattr(script, field), spec=spec, language=language):
                problems.append((("scripts", language, field), error))
    return problems
