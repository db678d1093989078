"""A campaign's definition: the one format used by campaign files and the admin pages."""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Annotated, Literal

import us
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from app.kernel.errors import SwitchboardError
from app.kernel.phones import parse_office_phone
from app.kernel.vocabulary import Chamber


@lru_cache(maxsize=32_768)
def _office_phone(phone: str) -> str:
    """Kept per number written: a list of 10,000 people is checked again each time its campaign is
    read (the read models, the builder), and parsing every number again costs about a second."""
    try:
        return parse_office_phone(phone)
    except SwitchboardError as error:
        raise ValueError(error.message) from None


# A number constituents dial or are bridged to, stored as E.164: the office-number rule (never
# premium-rate or foreign), for custom targets, list rows and call-in numbers alike.
OfficePhone = Annotated[str, AfterValidator(_office_phone)]
Status = Literal["draft", "live", "paused", "ended"]
CallMode = Literal["number", "bridge"]
# An origin a campaign may be embedded on: scheme and host (and port), nothing else.
Origin = Annotated[str, StringConstraints(pattern=r"(?i)^https?://[a-z0-9.-]+(:[0-9]{1,5})?$", to_lower=True)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,78}[a-z0-9]$")]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
VariableName = Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]*$")]


def known_state_codes(states: list[str]) -> list[str]:
    """USPS codes for `states` (codes or names); an unknown one is a validation error."""
    codes = []
    for state in states:
        found = us.states.lookup(str(state))
        if found is None:
            raise ValueError(f"unknown state {state!r}")
        codes.append(str(found.abbr))
    return codes


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Script(_Strict):
    """One language of a campaign: its call script and, optionally, the page's words in that language."""

    text: str = Field(min_length=1, description="The call script, a Jinja2 template.")
    intro: str = Field(default="", description="Short spoken intro for bridged calls.")
    title: str = Field(default="", max_length=200, description="The page's title in this language.")
    description: str = Field(default="", description="The description (Markdown) in this language.")
    share_text: str = Field(default="", max_length=280, description="What sharing the page says.")


@dataclass(frozen=True)
class PageText:
    """A campaign's own words in one language, after falling back to the default language's."""

    title: str
    description: str
    share_text: str


class CustomTarget(_Strict):
    """A named office the campaign calls besides legislators, e.g. a governor or a committee chair."""

    name: str = Field(min_length=1, max_length=200, description="Who answers, e.g. 'Governor Maura Healey'.")
    title: str = Field(default="", max_length=60, description="`target.title` in scripts, e.g. 'Governor'.")
    phone: OfficePhone = Field(description="The office's phone number; stored as E.164.")
    states: list[str] = Field(default_factory=list, description="USPS codes; empty means every caller.")
    position: Literal["first", "last"] = Field(
        default="last", description="Called before or after legislators."
    )
    variables: dict[VariableName, str] = Field(default_factory=dict)

    @field_validator("states")
    @classmethod
    def _known_states(cls, states: list[str]) -> list[str]:
        return known_state_codes(states)


# Who of a committee a caller is asked to call (see docs/campaign-format.md#committees).
CommitteeRule = Literal["everyone", "own-only", "own-first"]
# Where the caller's own legislators (`chambers`) go among the committee and list targets.
OwnLegislators = Literal["before", "after", "only-if-none", "fallback"]
MAX_LIST_ROWS = 10_000
MAX_TARGETS_CAP = 100


class CommitteeTarget(_Strict):
    """The members of one committee of the directory, by its id (`SSJU`, an ocd-organization id)."""

    id: str = Field(min_length=1, max_length=120, description="The committee's id in the directory.")
    rule: CommitteeRule = Field(
        default="everyone",
        description="everyone: every member; own-only: only the caller's own members of it; "
        "own-first: every member, the caller's own first.",
    )


class ListTarget(_Strict):
    """One row of a fixed list given as CSV: someone outside the directory to call."""

    name: str = Field(min_length=1, max_length=200)
    title: str = Field(default="", max_length=60)
    phone: OfficePhone = Field(description="Any common US format; stored as E.164.")
    state: str = Field(default="", description="When given, only callers in this state call this row.")

    @field_validator("state")
    @classmethod
    def _known_state(cls, state: str) -> str:
        return known_state_codes([state])[0] if state else ""


class TargetSpec(_Strict):
    chambers: list[Chamber] = Field(default_factory=list, description="Chambers to call, in call order.")
    states: list[str] = Field(default_factory=list, description="USPS codes; empty means all.")
    committees: list[CommitteeTarget] = Field(
        default_factory=list, description="Committees whose members to call, in order."
    )
    officials: list[str] = Field(
        default_factory=list, description="Officials picked from the directory by id, called in this order."
    )
    people: list[ListTarget] = Field(
        default_factory=list,
        max_length=MAX_LIST_ROWS,
        description="A fixed list of people outside the directory to call (rows of a CSV), in order.",
    )
    own_legislators: OwnLegislators = Field(
        default="before",
        description="before/after: the caller's own legislators before or after the committee and list "
        "targets; only-if-none: the committee and list targets only for callers without own "
        "legislators; fallback: the caller's own legislators only when the others give nobody.",
    )
    max_targets: int | None = Field(
        default=None, ge=1, le=MAX_TARGETS_CAP, description="At most this many targets per caller."
    )

    @field_validator("officials")
    @classmethod
    def _no_repeated_officials(cls, officials: list[str]) -> list[str]:
        repeated = sorted({o for o in officials if officials.count(o) > 1})
        if repeated:
            raise ValueError(f"listed twice: {', '.join(repeated)}")
        return officials

    @field_validator("committees")
    @classmethod
    def _no_repeated_committees(cls, committees: list[CommitteeTarget]) -> list[CommitteeTarget]:
        ids = [c.id for c in committees]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"listed twice: {', '.join(repeated)}")
        return committees

    @property
    def has_others(self) -> bool:
        """Targets beyond the caller's own legislators: committees, picked officials, list rows."""
        return bool(self.committees or self.officials or self.people)

    @field_validator("chambers")
    @classmethod
    def _no_repeats(cls, chambers: list[Chamber]) -> list[Chamber]:
        if len(set(chambers)) != len(chambers):
            raise ValueError("a chamber is listed twice")
        return chambers

    custom: list[CustomTarget] = Field(default_factory=list, description="Named offices to call too.")

    @field_validator("states")
    @classmethod
    def _known_states(cls, states: list[str]) -> list[str]:
        return known_state_codes(states)

    @model_validator(mode="after")
    def _someone_to_call(self) -> "TargetSpec":
        if not self.chambers and not self.custom and not self.has_others:
            raise ValueError("list at least one chamber, committee, official, list row or custom target")
        return self


class CampaignSpec(_Strict):
    slug: Slug
    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    status: Status = "draft"
    default_language: LanguageCode = "en"
    goal: int | None = Field(default=None, ge=1)
    starts_on: date | None = None
    ends_on: date | None = None
    call_modes: list[CallMode] = Field(
        default_factory=lambda: list[CallMode](["number", "bridge"]), min_length=1
    )
    targets: TargetSpec
    variables: dict[VariableName, str] = Field(default_factory=dict)
    chamber_variables: dict[Chamber, dict[VariableName, str]] = Field(default_factory=dict)
    scripts: dict[LanguageCode, Script] = Field(min_length=1)
    call_in_number: OfficePhone | None = Field(
        default=None, description="A Twilio number of this campaign that constituents may call (call-in)."
    )
    share_text: str = Field(default="", max_length=280, description="What sharing the page says.")
    image: str = Field(
        default="",
        max_length=500,
        pattern=r"^(https://\S+|/static/\S+)?$",
        description="The link-preview image (an https URL or /static/...); empty: Switchboard's own.",
    )
    counter_threshold: int = Field(
        default=25, ge=0, description="The public counter shows from this many calls made."
    )
    embed_origins: list[Origin] = Field(
        default_factory=list, description="Sites that may show this campaign in a frame (/c/SLUG/embed)."
    )

    # Field validators (not one model validator) so each problem names its field and line.
    @field_validator("ends_on")
    @classmethod
    def _ends_after_start(cls, ends_on: date | None, info: ValidationInfo) -> date | None:
        starts_on = info.data.get("starts_on")
        if ends_on and starts_on and ends_on < starts_on:
            raise ValueError("ends_on is before starts_on")
        return ends_on

    @field_validator("chamber_variables")
    @classmethod
    def _targeted_chambers(
        cls, chamber_variables: dict[Chamber, dict[str, str]], info: ValidationInfo
    ) -> dict[Chamber, dict[str, str]]:
        targets = info.data.get("targets")
        if targets is not None and (targets.committees or targets.officials):
            return chamber_variables  # committee members and picked officials may sit in any chamber
        unused = set(chamber_variables) - set(targets.chambers if targets else chamber_variables)
        if unused:
            raise ValueError(f"chamber_variables for chambers not targeted: {sorted(unused)}")
        return chamber_variables

    @field_validator("scripts")
    @classmethod
    def _default_language_when_live(
        cls, scripts: dict[str, Script], info: ValidationInfo
    ) -> dict[str, Script]:
        default = info.data.get("default_language")
        if info.data.get("status") == "live" and default and default not in scripts:
            raise ValueError(f"no script in the default language {default!r} (a live campaign needs one)")
        return scripts

    def variables_for(self, chamber: str) -> dict[str, str]:
        return {**self.variables, **self.chamber_variables.get(chamber, {})}  # type: ignore[call-overload]

    def variables_for_custom(self, custom: CustomTarget) -> dict[str, str]:
        return {**self.variables, **custom.variables}

    def custom_targets_for(self, state: str, *, position: str) -> list[CustomTarget]:
        return [
            c for c in self.targets.custom if c.position == position and (not c.states or state in c.states)
        ]

    def fallback_language(self) -> str:
        """The default language, or (for a draft without it yet) the first language written."""
        return self.default_language if self.default_language in self.scripts else next(iter(self.scripts))

    def page_text(self, language: str) -> PageText:
        """Title, description and share text in `language`, each falling back to the campaign's own."""
        script = self.scripts.get(language)
        default = self.scripts.get(self.fallback_language())
        title = (script and script.title) or (default and default.title) or self.title
        description = (script and script.description) or (default and default.description) or self.description
        share = (script and script.share_text) or (default and default.share_text) or self.share_text
        return PageText(title=title, description=description, share_text=share or title)

    def is_for_state(self, state: str) -> bool:
        return not self.targets.states or state in self.targets.states
