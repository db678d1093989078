"""The campaign builder's fields, described once: the form, its checks and its help read this list.

Each section is a list of fields; a new kind of target adds its fields to the "Who to call" section
(`WHO_TO_CALL`) and its reading and writing to app/campaigns/form.py, and the page shows it.
"""

from dataclasses import dataclass
from typing import Literal

import us

from app.campaigns.spec import MAX_LIST_ROWS
from app.i18n.languages import LANGUAGES
from app.kernel.vocabulary import CHAMBERS, Chamber

FieldKind = Literal[
    "text",
    "textarea",
    "number",
    "date",
    "select",
    "checkboxes",
    "ordered",
    "table",
    "lines",
    "script",
    "picked",
    "csv",
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

    def field(self, name: str) -> FormField:
        return next(field for field in self.fields if field.name == name)


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
# "The others": committee members, picked officials and the list of people alike.
OWN_LEGISLATORS = (
    ("before", "Call the caller's own legislators first, then the committees and lists"),
    ("after", "Call the committees and lists first, then the caller's own legislators"),
    ("only-if-none", "Call the committees and lists only when the caller has none of their own to call"),
    ("fallback", "Call the caller's own legislators only when the committees and lists give nobody"),
)
# The filters of the directory search that picks officials (the search takes "US" for Congress).
_STATES_BY_NAME = sorted(us.states.STATES_AND_TERRITORIES, key=lambda state: str(state.name))
FIND_STATES = (("US", "Congress (every state)"), *((str(s.abbr), str(s.name)) for s in _STATES_BY_NAME))
FIND_CHAMBERS = tuple(
    (chamber, CHAMBER_MEMBERS[chamber][:1].upper() + CHAMBER_MEMBERS[chamber][1:]) for chamber in CHAMBERS
)
FIND_PARTIES = (("democratic", "Democratic"), ("republican", "Republican"), ("independent", "Independent"))
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
            help="Tick who callers call; drag them or use the arrows to set the order they are called in.",
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
            "officials",
            "Officials from the directory",
            "picked",
            help="A fixed list: every caller calls these officials, in this order, wherever they live. "
            "Find them by name, state, chamber, party or committee, add them, then order them by "
            "dragging or with the arrows.",
        ),
        FormField(
            "people",
            "A list of people (CSV)",
            "csv",
            help="People the directory does not hold, e.g. a governor's office or agency heads: one "
            "per row, name, title, phone and, optionally, state (then only callers in that state call "
            "them). A first row naming the columns is optional. Paste the rows or upload a .csv file; "
            f"every row is checked. At most {MAX_LIST_ROWS:,} people (1 MB).",
            placeholder="name,title,phone,state\nMaura Healey,Governor,(617) 725-4005,MA",
        ),
        FormField(
            "own_legislators",
            "With the caller's own legislators",
            "select",
            help="When you tick legislators above and also pick a committee, officials or a list of "
            "people, who is called first: committees and lists follow the same rule.",
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
