"""The JSON API for calls: "Call me", following a call, and reporting outcomes."""

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from app.calls.placing import CallMeRequest, request_bridged_call
from app.calls.reports import (
    REPORT_LIMIT_CODE,
    SelfReport,
    get_call,
    record_self_reported_outcome,
    record_web_outcome,
)
from app.kernel.errors import (
    CallBlockedError,
    CallLimitError,
    CallModeNotOfferedError,
    CallNotFoundError,
    CallsUnavailableError,
    CampaignClosedError,
    CampaignNotFoundError,
    DirectoryEmptyError,
    LocationError,
    NoTargetsError,
    OutcomeInvalidError,
    PhoneError,
)
from app.kernel.vocabulary import Outcome
from app.schemas.calls import CallCreatedPublic, CallPublic, LegOutcomePublic, SelfReportPublic
from app.web.deps import CallQueueDep, ClientIPDep, ServicesDep
from app.web.responses import WITH_BODY, error_responses

router = APIRouter(prefix="/api/v1", tags=["calls"])
CallId = Annotated[str, Path(max_length=40)]


class CallMeBody(BaseModel):
    address: str = Field(max_length=300, description="The constituent's US street address (not stored).")
    phone: str = Field(max_length=40, description="The US phone number to call (kept only during the call).")
    name: str = Field(default="", max_length=100)
    lang: str | None = Field(default=None, max_length=12)
    lookup: str = Field(
        default="",
        max_length=2000,
        description="The `lookup` token of the targets answer the page showed (keeps who brought the visit).",
    )


class OutcomeBody(BaseModel):
    outcome: str = Field(
        max_length=20, description=" | ".join(outcome for outcome in Outcome if outcome.reportable)
    )


class SelfReportBody(OutcomeBody):
    token: str = Field(max_length=100, description="A random id the browser keeps for this visitor.")
    target_id: str = Field(max_length=80)
    lookup: str = Field(
        max_length=2000, description="The `lookup` token of the targets answer that showed this target."
    )


@router.post(
    "/campaigns/{slug}/calls",
    status_code=201,
    summary="Call me and connect me to my legislators",
    responses=error_responses(
        CampaignNotFoundError,
        CampaignClosedError,
        CallModeNotOfferedError,
        CallsUnavailableError,
        LocationError,
        DirectoryEmptyError,
        NoTargetsError,
        PhoneError,
        CallBlockedError,
        CallLimitError,
        extra=WITH_BODY,
    ),
)
async def create_call(
    slug: str, body: CallMeBody, services: ServicesDep, queue: CallQueueDep, ip: ClientIPDep
) -> CallCreatedPublic:
    placed = await request_bridged_call(
        engine=services.engine,
        data=services.read_models,
        locator=services.locator,
        telephony=services.telephony,
        settings=services.settings,
        request=CallMeRequest(
            slug=slug,
            address=body.address,
            phone=body.phone,
            name=body.name,
            language=body.lang,
            client_ip=ip,
            lookup=body.lookup,
        ),
        queue=queue,
    )
    return CallCreatedPublic(id=placed.id, status=placed.status)


@router.get(
    "/calls/{call_id}",
    summary="A call's progress, leg by leg (poll it)",
    responses=error_responses(CallNotFoundError),
)
def read_call(call_id: CallId, services: ServicesDep) -> CallPublic:
    return CallPublic.of(get_call(services.engine, call_id=call_id))


@router.post(
    "/calls/{call_id}/legs/{position}/outcome",
    summary="Report how one leg of a call went",
    responses=error_responses(CallNotFoundError, OutcomeInvalidError, extra=WITH_BODY),
)
def report_leg_outcome(
    call_id: CallId, position: Annotated[int, Path(ge=0, le=100)], body: OutcomeBody, services: ServicesDep
) -> LegOutcomePublic:
    update = record_web_outcome(
        services.engine, settings=services.settings, call_id=call_id, position=position, outcome=body.outcome
    )
    return LegOutcomePublic(
        position=position, outcome=update.after.outcome, outcome_source=update.after.outcome_source
    )


@router.post(
    "/campaigns/{slug}/outcomes",
    summary="Report a call made to the number shown",
    responses=error_responses(
        CampaignNotFoundError,
        CampaignClosedError,
        NoTargetsError,
        OutcomeInvalidError,
        extra=(*WITH_BODY, (429, REPORT_LIMIT_CODE)),
    ),
)
def report_self_dialed_outcome(
    slug: str, body: SelfReportBody, services: ServicesDep, ip: ClientIPDep
) -> SelfReportPublic:
    report = SelfReport(
        slug=slug,
        browser_token=body.token,
        lookup=body.lookup,
        target_id=body.target_id,
        outcome=body.outcome,
        client_ip=ip,
    )
    update = record_self_reported_outcome(services.engine, settings=services.settings, report=report)
    return SelfReportPublic(target_id=update.target_id, outcome=update.after.outcome)
