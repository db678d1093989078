"""The body of every error answer, 4xx and 5xx alike."""

from pydantic import BaseModel, Field


class CampaignProblem(BaseModel):
    """One problem in a campaign definition: where it is and what is wrong."""

    file: str
    line: int
    field: str
    reason: str


class RowProblem(BaseModel):
    """One bad row of a CSV list of people: its number in the file (a header is row 1) and why."""

    row: int
    field: str
    reason: str


class ErrorBody(BaseModel):
    """What went wrong, for a program (`code`) and for a person (`detail`)."""

    code: str = Field(description="Stable and machine-readable, e.g. `address_not_found`.")
    detail: str = Field(description="A message safe to show to a person.")
    candidates: list[str] | None = Field(
        default=None, description="With `address_ambiguous` or `zip_spans_districts`: what was meant?"
    )
    problems: list[CampaignProblem] | None = Field(
        default=None, description="With `campaign_invalid`: every problem found, with its line."
    )
    rows: list[RowProblem] | None = Field(
        default=None, description="With `campaign_invalid` for a CSV list of people: every bad row."
    )
