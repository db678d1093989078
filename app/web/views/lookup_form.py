"""What the constituent typed into the campaign page's forms, checked field by field.

A problem never ends the visit: it is shown beside its field and the page keeps what was typed.
"""

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.calls.reports import BROWSER_TOKEN
from app.kernel.vocabulary import Outcome

# The same limits as the API (app/web/routes/calls_api.py) and the `maxlength` of the inputs.
LIMITS = {"address": 300, "name": 100}
_STEP = re.compile(r"[0-9]{1,3}")


@dataclass
class LookupForm:
    address: str = ""
    name: str = ""
    # The step to show (1 = the first target; one past the last = the thank-you screen).
    step: int = 1
    # A random id standing in for this visitor when they report calls without JavaScript.
    token: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    target_id: str = ""
    outcome: str = ""
    # The signed token of the lookup that showed `target_id` (app.calls.lookup_tokens).
    lookup: str = ""
    # The outcomes reported so far in this visit, as the page's forms carry them (views/cards.py).
    called: str = ""

    def problems(self, text: Mapping[str, str]) -> dict[str, str]:
        """Field name → the message to show beside it."""
        return {
            name: text["error_too_long"].replace("{n}", str(limit))
            for name, limit in LIMITS.items()
            if len(getattr(self, name)) > limit
        }

    def wants_report(self) -> bool:
        """A call's outcome, one of those the page offers, was reported for a target."""
        outcome = Outcome.parse(self.outcome)
        return bool(self.target_id) and outcome is not None and outcome.on_page


def read_form(
    *, address: str, name: str, step: str, go_to: str, token: str, target_id: str, outcome: str
) -> LookupForm:
    """The posted fields, with a fresh token when none (or a malformed one) came back."""
    form = LookupForm(address=address, name=name, target_id=target_id[:80], outcome=outcome[:20])
    if BROWSER_TOKEN.match(token):
        form.token = token
    form.step = _step_number(go_to or step)
    return form


def _step_number(text: str) -> int:
    """A step written in ASCII digits (`isdigit()` alone also takes "²" and "①", which `int()`
    refuses), at most three of them; anything else is the first step."""
    return int(text) if _STEP.fullmatch(text) else 1
