"""The builder's form checked field by field, in words an organizer understands: what is wrong,
where, and how to fix it. The campaign it makes is then checked like any campaign file."""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from app.campaigns.form import CampaignForm, script_template
from app.campaigns.people_csv import RowProblem, check_people
from app.campaigns.spec import MAX_TARGETS_CAP, ListTarget, known_state_codes

_VARIABLE = re.compile(r"^[a-z_][a-z0-9_]*$")
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")
_LOCAL_HOSTS = ("localhost", "127.0.0.1")

# The fix for a value a pattern refused, per field: what to type instead.
FIXES = {
    "slug": "Use 2 to 80 lowercase letters, digits and dashes, starting and ending with a letter or digit, "
    "e.g. ma-safe-communities.",
    "image": "Type an address that starts with https:// (or /static/…), or leave it empty.",
    "default_language": "Choose the main language from the list.",
    "title": "Give the campaign a title (200 characters at most).",
    "share_text": "Keep the share text under 280 characters.",
    "script": "Write what the caller says.",
    "max_targets": f"Type a number from 1 to {MAX_TARGETS_CAP}, or leave it empty for no limit.",
    "committees": "Pick each committee once, from the list.",
}


@dataclass
class FormProblems:
    """Field name → what is wrong and how to fix it; "" for the form as a whole."""

    by_field: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, *, message: str) -> None:
        if name in self.by_field:
            self.by_field[name] += " " + message
        else:
            self.by_field[name] = message

    def __bool__(self) -> bool:
        return bool(self.by_field)


def site_origin(typed: str) -> str:
    """`example.org`, `https://example.org/page` or `localhost:8767` as an origin
    (`https://example.org`, `http://localhost:8767`); ValueError with the fix otherwise."""
    site = typed.strip().lower().rstrip("/")
    if "://" not in site:
        local = site.split(":")[0] in _LOCAL_HOSTS
        site = ("http://" if local else "https://") + site
    parts = urlsplit(site)
    try:
        port = parts.port
    except ValueError:
        port = -1
    host = parts.hostname or ""
    plain = parts.scheme in ("http", "https") and _HOST.match(host) and ("." in host or host in _LOCAL_HOSTS)
    if not plain or port == -1 or parts.username or parts.password:
        raise ValueError(f"“{typed.strip()}” is not a site: type one like example.org or localhost:8767.")
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


def campaign_changes(form: CampaignForm, *, problems: FormProblems) -> dict[str, Any]:
    """The campaign fields the form sets, in campaign-file form; what cannot be read is in `problems`."""
    default = form.language(form.default_language) or form.languages[0]
    data: dict[str, Any] = {
        "slug": form.slug,
        "title": default.title.strip(),
        "default_language": form.default_language,
        "description": _text(default.description),
        "starts_on": _date(form.starts_on, "starts_on", problems),
        "ends_on": _date(form.ends_on, "ends_on", problems),
        "goal": _whole(form.goal, "goal", problems, least=1),
        "counter_threshold": _whole(form.counter_threshold or "25", "counter_threshold", problems, least=0),
        "share_text": default.share_text.strip(),
        "image": form.image,
        "call_modes": form.call_modes,
        "embed_origins": _origins(form.embed_sites, problems),
        "targets": {
            "chambers": form.chambers,
            "states": _states(form.states, problems),
            "committees": [{"id": committee, "rule": rule} for committee, rule in form.committees],
            "officials": form.officials,
            "people": people_rows(form, problems=problems),
            "own_legislators": form.own_legislators,
            "max_targets": _cap(form.max_targets, problems),
        },
        "variables": _variables([row for row in form.variables if not row[2]], problems),
        "chamber_variables": {
            chamber: _variables([row for row in form.variables if row[2] == chamber], problems)
            for chamber in dict.fromkeys(row[2] for row in form.variables if row[2])
        },
        "scripts": {text.code: _script(text, own=text is default) for text in form.languages},
    }
    _check_required(form, data, problems)
    return data


def _script(text: Any, *, own: bool) -> dict[str, str]:
    script = {"text": script_template(text), "intro": _text(text.intro)}
    if not own:
        script |= {
            "title": text.title.strip(),
            "description": _text(text.description),
            "share_text": text.share_text.strip(),
        }
    return script


def _check_required(form: CampaignForm, data: dict[str, Any], problems: FormProblems) -> None:
    if not (form.chambers or form.committees or form.officials or form.people.strip() or form.kept_targets):
        problems.add(
            "chambers",
            message="Tick at least one kind of legislator to call, or pick a committee, officials "
            "or a list of people.",
        )
    if not form.call_modes:
        problems.add("call_modes", message="Tick at least one way to call.")
    for text in form.languages:
        if not data["scripts"][text.code]["text"].strip():
            problems.add(
                f"script__{text.code}", message="Write the script in this language, or remove the language."
            )
    starts, ends = data["starts_on"], data["ends_on"]
    if starts and ends and ends < starts:
        problems.add("ends_on", message="The end date is before the start date: change one of them.")


def people_rows(form: CampaignForm, *, problems: FormProblems) -> list[ListTarget]:
    """The list's good rows; its bad rows are a problem unless the organizer asked to skip them."""
    if not form.people.strip():
        return []
    checked = check_people(form.people)
    if checked.refused:
        problems.add("people", message=checked.refused)
    elif checked.problems and not form.skip_bad_rows:
        rows = "this row" if len(checked.problems) == 1 else "these rows"
        summary = checked.summary()
        problems.add(
            "people",
            message=f"{summary[:1].upper()}{summary[1:]}. Fix {rows}, or tick “Skip the rows with "
            "problems” to save the others; nothing is saved until then.",
        )
    return list(checked.people)


def skipped_rows(form: CampaignForm) -> tuple[RowProblem, ...]:
    """The rows of the list left out because the organizer asked to skip the rows with problems."""
    if not form.skip_bad_rows or not form.people.strip():
        return ()
    checked = check_people(form.people)
    return () if checked.refused else checked.problems


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").strip()


def _date(value: str, name: str, problems: FormProblems) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.add(
            name, message=f"“{value}” is not a date: pick one in the calendar, or type it like 2026-03-01."
        )
        return None


def _whole(value: str, name: str, problems: FormProblems, *, least: int) -> int | None:
    if not value:
        return None
    cleaned = value.replace(",", "").replace(" ", "")
    if not cleaned.isdigit() or int(cleaned) < least or len(cleaned) > 9:
        problems.add(name, message=f"“{value}” is not a whole number of {least} or more: type one like 500.")
        return None
    return int(cleaned)


def _cap(value: str, problems: FormProblems) -> int | None:
    cap = _whole(value, "max_targets", problems, least=1)
    if cap is not None and cap > MAX_TARGETS_CAP:
        problems.add("max_targets", message=FIXES["max_targets"])
        return None
    return cap


def _states(value: str, problems: FormProblems) -> list[str]:
    typed = [part.strip() for part in re.split(r"[,;\n]+", value) if part.strip()]
    codes = []
    for state in typed:
        try:
            codes += known_state_codes([state])
        except ValueError:
            problems.add(
                "states",
                message=f"“{state}” is not a US state: type its code (MA) or its name (Massachusetts).",
            )
    return list(dict.fromkeys(codes))


def _origins(value: str, problems: FormProblems) -> list[str]:
    origins = []
    for line in value.splitlines():
        if line.strip():
            try:
                origins.append(site_origin(line))
            except ValueError as error:
                problems.add("embed_sites", message=str(error))
    return list(dict.fromkeys(origins))


def _variables(rows: list[tuple[str, str, str]], problems: FormProblems) -> dict[str, str]:
    variables: dict[str, str] = {}
    for name, value, _for in rows:
        if not name:
            problems.add(
                "variables",
                message=f"The value “{value.strip()}” has no name: give it one, e.g. bill_number.",
            )
        elif not _VARIABLE.match(name):
            problems.add(
                "variables",
                message=f"“{name}” cannot be a variable's name: use lowercase letters, digits and _, "
                "starting with a letter, e.g. bill_number.",
            )
        elif name in variables:
            problems.add("variables", message=f"“{name}” is in the table twice: keep one.")
        elif name in ("caller", "target"):
            problems.add("variables", message=f"“{name}” is a placeholder's name already: choose another.")
        else:
            variables[name] = value.strip()
    return variables
