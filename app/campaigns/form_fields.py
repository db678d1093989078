"""The campaign builder's fields, described once: the form, its checks and its help read this list.

Each section is a list of fields; a new kind of target adds its fields to the "Who to call" section
(`WHO_TO_CALL`) and its reading and writing to app/campaigns/form.py, and the page shows it.
"""

from dataclasses import dataclass
from typing import Literal

from app.i18n.languages import LANGUAGES
from app.kernel.vocabulary import CHAMBERS, Chamber

FieldKind = Literal[
    "text", "textarea", "number", "date", "select", "checkboxes", "ordered", "table", "lines", "script"
]


@dataclass(frozen=True)
class FormField:
    """One input of the builder: its form name, its visible label, what it expects."""

    name: str
    label: str
    kind: FieldKind
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    placeholder: str = ""


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    fields: tuple[FormField, ...]
    per_language: bool = False


CHAMBER_NAMES: dict[str, str] = {
    Chamber.US_SENATE: "US Senators (the caller's two)",
    Chamber.US_HOUSE: "US Representative (the caller's own)",
    Chamber.STATE_UPPER: "State senator (the caller's own)",
    Chamber.STATE_LOWER: "State representative (the caller's own)",
}
# "A different script for …": who a chamber's members are, in the words an organizer uses.
CHAMBER_MEMBERS: dict[str, str] = {
    Chamber.US_SENATE: "US Senators",
    Chamber.US_HOUSE: "US Representatives",
    Chamber.STATE_UPPER: "state senators",
    Chamber.STATE_LOWER: "state representatives",
}
CALL_MODES = (
    ("number", "Show the office's number to dial"),
    ("bridge", "Call me: Switchboard rings the caller, then connects them (needs Twilio)"),
)
# A committee target's rule and how the caller's own legislators combine with it, in plain words.
COMMITTEE_RULES = (
    ("everyone", "Everyone on it"),
    ("own-first", "Everyone on it, the caller's own member first"),
    ("own-only", "Only the caller's own member, if on it"),
)
OWN_LEGISLATORS = (
    ("before", "Call the caller's own legislators first, then the committee"),
    ("after", "Call the committee first, then the caller's own legislators"),
    ("only-if-none", "Call the committee only when the caller has none of their own to call"),
    ("fallback", "Call the caller's own legislators only when the committee gives nobody"),
)
LANGUAGE_CHOICES = tuple((language.code, f"{language.name} ({language.code})") for language in LANGUAGES)
# What a click on a chip inserts in the script, and what the chip says.
PLACEHOLDERS = (
    ("Target's title", "{{ target.title }}"),
    ("Target's name", "{{ target.name }}"),
    ("Target's last name", "{{ target.last_name }}"),
    ("Chamber's name", "{{ target.chamber_name }}"),
    ("Caller's name", "{{ caller.name }}"),
    ("Caller's city", "{{ caller.city }}"),
    ("Caller's ZIP", "{{ caller.zip }}"),
)

BASICS = Section(
    "basics",
    "Basics",
    (
        FormField(
            "slug",
            "Slug",
            "text",
            help="The page's address, /c/slug: lowercase letters, digits and dashes.",
            placeholder="ma-safe-communities",
        ),
        FormField("default_language", "Main language", "select", choices=LANGUAGE_CHOICES),
    ),
)
WORDS = Section(
    "words",
    "Title, description and script",
    (
        FormField("title", "Title", "text", help="The page's heading."),
        FormField(
            "description",
            "Description",
            "textarea",
            help="One or two short paragraphs shown above the address form; "
            "**bold** and [links](https://…) work.",
        ),
        FormField(
            "share_text",
            "Share text",
            "text",
            help="What sharing the page says, e.g. “I just called my legislators. Will you call too?”",
        ),
        FormField("script", "Script", "script", help="What the caller says. Click a chip to insert it."),
        FormField(
            "intro",
            "Spoken intro",
            "textarea",
            help="Optional: a short sentence read to the caller before a connected call.",
        ),
    ),
    per_language=True,
)
WHO_TO_CALL = Section(
    "who",
    "Who to call",
    (
        FormField(
            "chambers",
            "Who to call",
            "ordered",
            help="Tick who callers call; use the arrows to set the order they are called in.",
            choices=tuple((chamber, CHAMBER_NAMES[chamber]) for chamber in CHAMBERS),
        ),
        FormField(
            "states",
            "States",
            "text",
            help="Only residents of these states: “MA”, “MA, NY” or “Massachusetts”. Empty: every state.",
            placeholder="MA",
        ),
        FormField(
            "committees",
            "Committees",
            "table",
            help="Call the members of a committee: pick it by name, then who on it each caller calls.",
            choices=COMMITTEE_RULES,
        ),
        FormField(
            "own_legislators",
            "With the caller's own legislators",
            "select",
            help="When you tick legislators above and pick a committee, who is called first.",
            choices=OWN_LEGISLATORS,
        ),
        FormField(
            "max_targets",
            "At most this many calls per caller",
            "number",
            help="Optional, e.g. 5: each caller is given at most this many offices to call (100 at most).",
        ),
    ),
)
VARIABLES = Section(
    "variables",
    "Variables",
    (
        FormField(
            "variables",
            "Variables",
            "table",
            help="Words used in every script, e.g. bill_number → S.1401. Insert them with the chips.",
        ),
    ),
)
CALLING = Section(
    "calling",
    "How people call",
    (FormField("call_modes", "Call modes", "checkboxes", choices=CALL_MODES),),
)
DATES = Section(
    "dates",
    "Dates and goal",
    (
        FormField("starts_on", "Starts on", "date", help="Optional. Before it the page says when it opens."),
        FormField("ends_on", "Ends on", "date", help="Optional. After it the page thanks visitors."),
        FormField("goal", "Goal (calls)", "number", help="Optional, e.g. 500."),
        FormField(
            "counter_threshold",
            "Show the call counter from",
            "number",
            help="The page shows “N calls made” once this many calls are made.",
        ),
    ),
)
SHARING = Section(
    "sharing",
    "Sharing",
    (
        FormField(
            "image",
            "Image",
            "text",
            help="The picture a shared link shows: an https:// address (1200×630). Empty: Switchboard's own.",
            placeholder="https://example.org/banner.png",
        ),
        FormField(
            "embed_sites",
            "Allowed embed sites",
            "lines",
            help="Sites that may show the campaign in a frame, one per line, e.g. example.org",
            placeholder="example.org",
        ),
    ),
)
SECTIONS: tuple[Section, ...] = (BASICS, WORDS, WHO_TO_CALL, VARIABLES, CALLING, DATES, SHARING)
