"""Campaigns as the public API and the admin API list them."""

from pydantic import BaseModel, Field

from app.campaigns.spec import CampaignSpec
from app.schemas.errors import CampaignProblem


class CampaignSummary(BaseModel):
    slug: str
    title: str
    status: str = Field(description="draft, live, paused or ended.")
    chambers: list[str]
    states: list[str]
    languages: list[str] = Field(description="Languages the scripts are written in.")
    default_language: str
    call_modes: list[str]
    goal: int | None

    @classmethod
    def of(cls, campaign: CampaignSpec) -> "CampaignSummary":
        return cls(
            slug=campaign.slug,
            title=campaign.title,
            status=campaign.status,
            chambers=list(campaign.targets.chambers),
            states=list(campaign.targets.states),
            languages=list(campaign.scripts),
            default_language=campaign.default_language,
            call_modes=list(campaign.call_modes),
            goal=campaign.goal,
        )


class CampaignList(BaseModel):
    campaigns: list[CampaignSummary]

    @classmethod
    def of(cls, campaigns: list[CampaignSpec]) -> "CampaignList":
        return cls(campaigns=[CampaignSummary.of(c) for c in campaigns])


class CampaignDefinition(BaseModel):
    """A campaign's full definition, as JSON and as the campaign file that round-trips it."""

    campaign: CampaignSpec
    yaml: str


class CampaignCheck(BaseModel):
    """The admin editor's live check of a definition, not saved: valid, or every problem found."""

    valid: bool
    problems: list[CampaignProblem]

    @classmethod
    def of(cls, problems: list[dict[str, object]]) -> "CampaignCheck":
        return cls(valid=not problems, problems=[CampaignProblem.model_validate(p) for p in problems])
