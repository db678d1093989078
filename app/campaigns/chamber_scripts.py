"""A script with a different text for some chambers, written for the organizer as plain boxes.

The form's "a different script for Senators" becomes one `{% if target.chamber == … %}` template;
a template of exactly that shape reads back into the boxes. Any other template stays one text, so
a script written by hand in the campaign file is never rewritten by the form.
"""

import re
from dataclasses import dataclass, field

from app.kernel.vocabulary import Chamber

_BRANCH = re.compile(r'^\{% (if|elif) target\.chamber == "([a-z-]+)" %\}$')
_ELSE = "{% else %}"
_END = "{% endif %}"


@dataclass(frozen=True)
class ChamberScripts:
    """The text every target hears, and the texts that replace it for some chambers."""

    common: str
    by_chamber: dict[str, str] = field(default_factory=dict)


def compose_script(parts: ChamberScripts) -> str:
    """One template: the common text alone, or the chambers' texts in an if/elif/else."""
    branches = [(chamber, text.strip()) for chamber, text in parts.by_chamber.items() if text.strip()]
    if not branches:
        return parts.common
    lines = []
    for index, (chamber, text) in enumerate(branches):
        keyword = "if" if index == 0 else "elif"
        lines += [f'{{% {keyword} target.chamber == "{chamber}" %}}', text]
    if parts.common.strip():
        lines += [_ELSE, parts.common.strip()]
    return "\n".join([*lines, _END])


def split_script(template: str) -> ChamberScripts:
    """The boxes a template was composed from; a template of any other shape is one common text."""
    parsed = _parse(template)
    if parsed is None or compose_script(parsed) != template.strip():
        return ChamberScripts(common=template)
    return parsed


def _parse(template: str) -> ChamberScripts | None:
    lines = template.rstrip("\n").split("\n")
    if len(lines) < 3 or not _BRANCH.match(lines[0]) or lines[-1] != _END:
        return None
    by_chamber: dict[str, str] = {}
    current: str | None = None
    common: list[str] = []
    body: list[str] = []
    for line in lines[:-1]:
        branch = _BRANCH.match(line)
        if branch or line == _ELSE:
            if current is not None:
                by_chamber[current] = "\n".join(body)
            current, body = (branch.group(2), []) if branch else ("", [])
            continue
        body.append(line)
    if current is None or (current and current not in set(Chamber)):
        return None
    if current:
        by_chamber[current] = "\n".join(body)
    else:
        common = body
    known = set(Chamber)
    if any(chamber not in known for chamber in by_chamber):
        return None
    return ChamberScripts(common="\n".join(common), by_chamber=by_chamber)
