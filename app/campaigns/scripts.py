"""Call scripts: Jinja2 templates rendered in a sandbox, with every placeholder known up front."""

from dataclasses import dataclass
from functools import lru_cache

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, UndefinedError, meta
from jinja2.sandbox import SandboxedEnvironment

from app.campaigns.spec import CampaignSpec

_env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
RESERVED = frozenset({"caller", "target"})

CHAMBER_NAMES = {
    "en": {
        "us-senate": "Senate",
        "us-house": "House",
        "state-upper": "Senate",
        "state-lower": "House",
    },
    "es": {
        "us-senate": "Senado",
        "us-house": "Cámara",
        "state-upper": "Senado",
        "state-lower": "Cámara",
    },
}
BLANKS = {
    "en": {"name": "[your name]", "city": "[your town]", "zip": "[your ZIP code]"},
    "es": {"name": "[su nombre]", "city": "[su ciudad]", "zip": "[su código postal]"},
}


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
    blanks = BLANKS.get(language, BLANKS["en"])
    context = {
        **variables,
        "caller": {
            "name": caller.name or blanks["name"],
            "city": caller.city or blanks["city"],
            "zip": caller.zip or blanks["zip"],
        },
        "target": {
            "title": target.title,
            "name": target.name,
            "last_name": target.last_name,
            "chamber": target.chamber,
            "chamber_name": CHAMBER_NAMES.get(language, CHAMBER_NAMES["en"])[target.chamber],
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


def check_template(template: str, *, spec: CampaignSpec, language: str) -> list[ScriptError]:
    """Problems with one template: syntax, unknown placeholders, failure to render for any chamber."""
    try:
        parsed = _env.parse(template)
    except TemplateSyntaxError as error:
        return [ScriptError(error.lineno, f"template syntax error: {error.message}")]
    errors = []
    for chamber in spec.targets.chambers:
        allowed = RESERVED | set(spec.variables_for(chamber))
        unknown = sorted(meta.find_undeclared_variables(parsed) - allowed)
        if unknown:
            errors.append(ScriptError(1, f"unknown placeholder(s) for {chamber}: {', '.join(unknown)}"))
            continue
        try:
            render_script(
                template,
                caller=Caller("Sam", "Springfield", "01101"),
                target=SAMPLE_TARGETS[chamber],
                variables=spec.variables_for(chamber),
                language=language,
            )
        except UndefinedError as error:
            errors.append(ScriptError(1, f"unknown placeholder for {chamber}: {error.message}"))
        except Exception as error:  # a sandboxed template can fail in many ways; all are reported
            errors.append(ScriptError(1, f"does not render for {chamber}: {error}"))
    return errors


def check_spec_scripts(spec: CampaignSpec) -> list[tuple[tuple[str, ...], ScriptError]]:
    """Every template of a campaign checked, with the field path each problem belongs to."""
    problems: list[tuple[tuple[str, ...], ScriptError]] = []
    for language, script in spec.scripts.items():
        for field in ("text", "intro"):
            for error in check_template(getattr(script, field), spec=spec, language=language):
                problems.append((("scripts", language, field), error))
    return problems
