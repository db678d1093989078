"""A call as the page following it sees it: no phone numbers, no address."""

from pydantic import BaseModel, Field

from app.calls.call_records import LoadedCall
from app.kernel.vocabulary import FINAL_CALL_STATUSES, LegStatus, OutcomeSource
from app.models.call_fields import LegFields


class CallCreatedPublic(BaseModel):
    id: str = Field(description="Follow the call at /api/v1/calls/{id}.")
    status: str


class CallLegPublic(BaseModel):
    position: int
    target_id: str
    name: str
    title: str
    chamber: str
    status: str
    dial_status: str | None = Field(description="How the office's phone answered, as Twilio says.")
    duration: int | None = Field(description="Seconds connected to the office.")
    outcome: str | None
    outcome_source: OutcomeSource | None = Field(
        description="Who said how it went: the call, the web page or the keypad."
    )
    needs_outcome: bool = Field(description="Ask the caller how this conversation went.")

    @classmethod
    def of(cls, leg: LegFields, *, call_over: bool = False) -> "CallLegPublic":
        return cls(
            position=leg.position,
            target_id=leg.target_id,
            name=leg.name,
            title=leg.title,
            chamber=leg.chamber,
            status=leg.status,
            dial_status=leg.dial_call_status,
            duration=leg.duration_seconds,
            outcome=leg.outcome,
            outcome_source=leg.outcome_source,
            # Ask the page for the outcome of a conversation the keypad survey did not cover.
            needs_outcome=leg.dial_call_status == LegStatus.COMPLETED
            and (leg.outcome_source is None or not OutcomeSource(leg.outcome_source).by_constituent)
            and (call_over or LegStatus(leg.status).is_final),
        )


class CallPublic(BaseModel):
    id: str
    campaign: str
    mode: str = Field(description="bridged or call-in.")
    status: str
    error: str | None = Field(description="Why the call could not be placed, as a code.")
    current_leg: int | None = Field(description="The leg being dialed or prompted now.")
    legs: list[CallLegPublic]

    @classmethod
    def of(cls, loaded: LoadedCall) -> "CallPublic":
        call = loaded.call
        current = next((leg.position for leg in loaded.legs if _is_current(LegStatus(leg.status))), None)
        call_over = call.status in FINAL_CALL_STATUSES
        return cls(
            id=call.id,
            campaign=call.campaign_slug,
            mode=call.mode,
            status=call.status,
            error=call.error_code,
            current_leg=current,
            legs=[CallLegPublic.of(leg, call_over=call_over) for leg in loaded.legs],
        )


def _is_current(status: LegStatus) -> bool:
    """The leg the call is at: its prompt is playing, or its office is being dialed or is on."""
    return status is LegStatus.PROMPTED or status.is_active


class LegOutcomePublic(BaseModel):
    position: int
    outcome: str | None
    outcome_source: OutcomeSource | None


class SelfReportPublic(BaseModel):
    target_id: str
    outcome: str | None
