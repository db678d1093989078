"""Call scripts: Jinja2 templates rendered in a sandbox, with every placeholder known up front."""

import re
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, UndefinedError, meta
from jinja2.sandbox import SandboxedEnvironment

from app.campaigns.spec import CampaignSpec, CustomTarget
from app.i18n.catalog import words

_env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
RESERVED = frozenset({"caller", "target"})


def localized_title(title: str, language: str) -> str:
    """A legislator's title in `language`; other titles (a custom target's) stay as written."""
    return words(language, "titles").get(title, title)


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


def render_script(
    template: str, *, caller: Caller, target: ScriptTarget, variables: dict[str, str], language: str
) -> str:
    script_words = words(language, "script")
    context = {
        **variables,
        "caller": {
            "name": caller.name or script_words["blank_name"],
            "city": caller.city or script_words["blank_city"],
            "zip": caller.zip or script_words["blank_zip"],
        },
        "target": {
            "title": localized_title(target.title, language),
            "name": target.name,
            "last_name": target.last_name,
            "chamber": target.chamber,
            "chamber_name": script_words.get(f"chamber_{target.chamber}", ""),
            "state": target.state,
            "district": target.district,
        },
    }
    return _compiled(template).render(context).strip()


@lru_cache(maxsize=512)
def _compiled(template: str) -> Template:
    """Compiling a template costs far more than rendering it; campaigns reuse a few templates."""
    return _env.from_string(template)


SAMPLE_TARGETS = {
    "us-senate": ScriptTarget("Senator", "Alex Sample", "Sample", "us-senate", "MA", ""),
    "us-house": ScriptTarget("Representative", "Alex Sample", "Sample", "us-house", "MA", "7"),
    "state-upper": ScriptTarget("Senator", "Alex Sample", "Sample", "state-upper", "MA", "First Suffolk"),
    "state-lower": ScriptTarget(
        "Representative", "Alex Sample", "Sample", "state-lower", "MA", "Second Suffolk"
    ),
}


def sample_targets(spec: CampaignSpec) -> list[tuple[str, ScriptTarget, dict[str, str]]]:
    """What a template must render for: a sample legislator per chamber and every custom target."""
    samples: list[tuple[str, ScriptTarget, dict[str, str]]] = [
        (chamber, SAMPLE_TARGETS[chamber], spec.variables_for(chamber)) for chamber in spec.targets.chambers
    ]
    for custom in spec.targets.custom:
        samples.append((custom.name, custom_script_target(custom), spec.variables_for_custom(custom)))
    return samples


def custom_script_target(custom: CustomTarget) -> ScriptTarget:
    state = custom.states[0] if len(custom.states) == 1 else ""
    return ScriptTarget(custom.title, custom.name, custom.name.split()[-1], "custom", state, "")


def check_template(template: str, *, spec: CampaignSpec, language: str) -> list[ScriptError]:
    """Problems with one template: syntax, unknown placeholders, failure to render for any target."""
    try:
        parsed = _env.parse(template)
    except TemplateSyntaxError as error:
        return [ScriptError(error.lineno, f"template syntax error: {error.message}")]
    errors = []
    for label, target, variables in sample_targets(spec):
        unknown = sorted(meta.find_undeclared_variables(parsed) - RESERVED - set(variables))
        if unknown:
            line = _line_of(template, unknown[0])
            errors.append(ScriptError(line, f"unknown placeholder(s) for {label}: {', '.join(unknown)}"))
            continue
        try:
            render_script(
                template,
                caller=Caller("Sam", "Springfield", "01101"),
                target=target,
                variables=variables,
                language=language,
            )
        except UndefinedError as error:
            missing = re.search(r"attribute '(\w+)'", error.message or "")
            line = _line_of(template, missing.group(1)) if missing else 1
            errors.append(ScriptError(line, f"unknown placeholder for {label}: {error.message}"))
        except Exception as error:  # a sandboxed template can fail in many ways; all are reported
            errors.append(ScriptError(1, f"does not render for {label}: {error}"))
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
