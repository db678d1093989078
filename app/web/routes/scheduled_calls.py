"""\"Call me when they open\": the JSON API the campaign page's card uses, and the cancel link's page."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from app.calls.scheduling import (
    ScheduledView,
    ScheduleRequest,
    cancel_scheduled,
    cancel_token,
    offer_call_times,
    read_cancel_token,
    read_scheduled,
    schedule_call,
)
from app.i18n.catalog import words
from app.i18n.languages import translated_language
from app.kernel.clock import utcnow
from app.kernel.errors import (
    CallBlockedError,
    CallLimitError,
    CallsUnavailableError,
    CampaignClosedError,
    CampaignNotFoundError,
    DirectoryEmptyError,
    LocationError,
    NoTargetsError,
    PhoneError,
    ScheduledCallNotFoundError,
    ScheduleInvalidError,
)
from app.kernel.vocabulary import ScheduledKind, ScheduledStatus
from app.runtime.container import Services
from app.schemas.scheduled import ScheduledCallPublic, TimeOfferPublic
from app.web.deps import ClientIPDep, ServicesDep
from app.web.responses import WITH_BODY, error_responses
from app.web.views.pages import templates
from app.web.views.scheduled_page import local_time

router = APIRouter(tags=["calls"])
Token = Annotated[str, Path(max_length=200)]
LOOKUP_ERRORS = (CampaignNotFoundError, CampaignClosedError, CallsUnavailableError, LocationError)


class TimesBody(BaseModel):
    address: str = Field(
        max_length=300, description="The constituent's US street address or ZIP (not stored)."
    )
    target_id: str = Field(max_length=80, description="The target whose offices are closed.")
    lang: str | None = Field(default=None, max_length=12)


class ScheduleBody(TimesBody):
    phone: str = Field(
        max_length=40, description="The US number to call or text (kept encrypted until then)."
    )
    at: datetime = Field(description="One of the offered times, as offered.")
    consent: bool = Field(description="The constituent agreed to the consent text shown with the form.")
    name: str = Field(default="", max_length=100)


class CancelBody(BaseModel):
    token: str = Field(max_length=200, description="The token of the cancel link.")


@router.post(
    "/api/v1/campaigns/{slug}/scheduled-calls/times",
    summary="Times a call (or reminder) can be scheduled for, when a target's offices are closed",
    responses=error_responses(*LOOKUP_ERRORS, DirectoryEmptyError, NoTargetsError, extra=WITH_BODY),
)
async def offer_times(slug: str, body: TimesBody, services: ServicesDep) -> TimeOfferPublic:
    offer = await offer_call_times(
        data=services.read_models,
        locator=services.locator,
        telephony=services.telephony,
        slug=slug,
        address=body.address,
        target_id=body.target_id,
        language=body.lang,
        now=utcnow(),
    )
    return TimeOfferPublic.of(offer)


@router.post(
    "/api/v1/campaigns/{slug}/scheduled-calls",
    status_code=201,
    summary="Call me (or text me a reminder) when their office opens",
    responses=error_responses(
        *LOOKUP_ERRORS,
        DirectoryEmptyError,
        NoTargetsError,
        ScheduleInvalidError,
        PhoneError,
        CallBlockedError,
        CallLimitError,
        extra=WITH_BODY,
    ),
)
async def create_scheduled_call(
    slug: str, body: ScheduleBody, services: ServicesDep, ip: ClientIPDep
) -> ScheduledCallPublic:
    view = await schedule_call(
        engine=services.engine,
        data=services.read_models,
        locator=services.locator,
        telephony=services.telephony,
        settings=services.settings,
        request=ScheduleRequest(
            slug=slug,
            address=body.address,
            target_id=body.target_id,
            phone=body.phone,
            at=body.at,
            consent=body.consent,
            name=body.name,
            language=body.lang,
            client_ip=ip,
        ),
        now=utcnow(),
    )
    return _public(services, view)


@router.post(
    "/api/v1/scheduled-calls/cancel",
    summary="Cancel a scheduled call or reminder (the token of its cancel link)",
    responses=error_responses(ScheduledCallNotFoundError, extra=WITH_BODY),
)
def cancel_by_token(body: CancelBody, services: ServicesDep) -> ScheduledCallPublic:
    scheduled_id = read_cancel_token(body.token, secret=services.settings.secret_key.get_secret_value())
    return _public(services, cancel_scheduled(services.engine, scheduled_id=scheduled_id, now=utcnow()))


@router.get("/scheduled/{token}", response_class=HTMLResponse, include_in_schema=False)
async def cancel_page(request: Request, token: Token, services: ServicesDep) -> HTMLResponse:
    """What is scheduled, with a button that cancels it (a GET never cancels: link previews follow it)."""
    view = await run_in_threadpool(_read, services, token)
    return _page(request, view, token=token, canceled=False)


@router.post("/scheduled/{token}/cancel", response_class=HTMLResponse, include_in_schema=False)
async def cancel_from_page(request: Request, token: Token, services: ServicesDep) -> HTMLResponse:
    scheduled_id = read_cancel_token(token, secret=services.settings.secret_key.get_secret_value())
    view = await run_in_threadpool(
        lambda: cancel_scheduled(services.engine, scheduled_id=scheduled_id, now=utcnow())
    )
    return _page(request, view, token=token, canceled=view.status == ScheduledStatus.CANCELED)


def _read(services: Services, token: str) -> ScheduledView:
    scheduled_id = read_cancel_token(token, secret=services.settings.secret_key.get_secret_value())
    return read_scheduled(services.engine, scheduled_id=scheduled_id)


def _page(request: Request, view: ScheduledView, *, token: str, canceled: bool) -> HTMLResponse:
    language = translated_language(view.language)
    t = words(language, "ui")
    if canceled:
        message = t["scheduled_canceled"]
    elif view.status != ScheduledStatus.SCHEDULED:
        message = t["scheduled_over"]
    else:
        key = "scheduled_call_for" if view.kind == ScheduledKind.CALL else "scheduled_reminder_for"
        message = (
            t[key]
            .replace("{when}", local_time(view.due_at, zone=view.caller_zone, language=language))
            .replace("{name}", view.target_name)
        )
    context = {
        "title": t["scheduled_title"],
        "message": message,
        "code": str(view.status),
        "cancel_action": f"/scheduled/{token}/cancel" if view.status == ScheduledStatus.SCHEDULED else "",
        "page_lang": language,
        "t": t,
    }
    response = templates.TemplateResponse(request, "scheduled.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response


def _public(services: Services, view: ScheduledView) -> ScheduledCallPublic:
    token = cancel_token(view.id, secret=services.settings.secret_key.get_secret_value())
    url = f"{services.settings.public_base_url.rstrip('/')}/scheduled/{token}"
    return ScheduledCallPublic.of(view, cancel_url=url)
