"""A campaign's definition: the one format used by campaign files and the admin pages."""

from datetime import date
from typing import Annotated, Literal

import us
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from app.phones import to_e164

Chamber = Literal["us-senate", "us-house", "state-upper", "state-lower"]
CHAMBERS: tuple[Chamber, ...] = ("us-senate", "us-house", "state-upper", "state-lower")
Status = Literal["draft", "live", "paused", "ended"]
CallMode = Literal["number", "bridge"]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,78}[a-z0-9]$")]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
VariableName = Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]*$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Script(_Strict):
    text: str = Field(min_length=1, description="The call script, a Jinja2 template.")
    intro: str = Field(default="", description="Short spoken intro for bridged calls.")


class TargetSpec(_Strict):
    chambers: list[Chamber] = Field(min_length=1, description="Chambers to call, in call order.")
    states: list[str] = Field(default_factory=list, description="USPS codes; empty means all.")

    @field_validator("chambers")
    @classmethod
    def _no_repeats(cls, chambers: list[Chamber]) -> list[Chamber]:
        if len(set(chambers)) != len(chambers):
            raise ValueError("a chamber is listed twice")
        return chambers

    @field_validator("states")
    @classmethod
    def _known_states(cls, states: list[str]) -> list[str]:
        codes = []
        for state in states:
            found = us.states.lookup(state)
            if found is None:
                raise ValueError(f"unknown state {state!r}")
            codes.append(str(found.abbr))
        return codes


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
    call_in_number: str | None = Field(
        default=None, description="A Twilio number of this campaign that constituents may call (call-in)."
    )

    @field_validator("call_in_number")
    @classmethod
    def _e164_number(cls, number: str | None) -> str | None:
        if number is None:
            return None
        e164 = to_e164(number)
        if e164 is None:
            raise ValueError(f"call_in_number {number!r} is not a phone number")
        return e164

    @model_validator(mode="after")
    def _consistent(self) -> "CampaignSpec":
        if self.default_language not in self.scripts:
            raise ValueError(f"no script in the default language {self.default_language!r}")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        unused = set(self.chamber_variables) - set(self.targets.chambers)
        if unused:
            raise ValueError(f"chamber_variables for chambers not targeted: {sorted(unused)}")
        return self

    def variables_for(self, chamber: str) -> dict[str, str]:
        return {**self.variables, **self.chamber_variables.get(chamber, {})}  # type: ignore[call-overload]

    def is_for_state(self, state: str) -> bool:
        return not self.targets.states or state in self.targets.states
