"""Launching as a checklist: confirm what goes live, then everything to hand out (link, QR, embed)
and a test call to the organizer's own phone; and a new campaign started as a copy of another.

Launch, Pause and End each ask first, on a page of their own that names what changes (works
without JavaScript); the status changes themselves are the POSTs in app/web/routes/admin.py.
"""

from functools import partial
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from app.accounts.service import Principal
from app.calls.staff_calls import StaffCallRequest, find_test_call, request_test_call
from app.campaigns.access import campaign_access
from app.campaigns.copies import duplicate_campaign
from app.campaigns.sharing import embed_snippet, public_link, qr_png, qr_svg
from app.campaigns.store import get_campaign
from app.kernel.errors import (
    CallBlockedError,
    CallLimitError,
    CallsUnavailableError,
    CampaignConflictError,
    CampaignFileError,
    DirectoryEmptyError,
    LocationError,
    NoTargetsError,
    PhoneError,
)
from app.kernel.vocabulary import CallMethod
from app.runtime.container import Services
from app.web.auth import CsrfChecked, PageCampaignGuard, PageEditor, PageReader
from app.web.deps import CallQueueDep, ServicesDep, SessionDep
from app.web.routes.admin import admin_page
from app.web.views.staff_call_view import staff_call_view

router = APIRouter(prefix="/admin/campaigns", include_in_schema=False, dependencies=[PageCampaignGuard])
Action = Literal["launch", "pause", "end"]
# The share page's test call: rehearse (no office rung) or connect to the offices for real.
TEST_CALL_MODES = {"rehearse": CallMethod.TEST_REHEARSAL, "connect": CallMethod.TEST_CALL}
TestCallMode = Literal["rehearse", "connect"]
# Which field of the test call form an error is about (the others are said above the form).
TEST_CALL_FIELDS: tuple[tuple[type[Exception], str], ...] = (
    (PhoneError, "phone"),
    (LocationError, "address"),
    (NoTargetsError, "address"),
)


@router.get("/{slug}/share", response_class=HTMLResponse)
def share_page(
    request: Request,
    slug: str,
    session: SessionDep,
    services: ServicesDep,
    user: PageReader,
    launched: Annotated[bool, Query()] = False,
    test_call: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:
    context = _share_context(session, services, user, slug=slug) | {"launched": launched}
    found = find_test_call(services.engine, slug=slug, call_id=test_call) if test_call else None
    context["test_call"] = staff_call_view(found) if found else None
    return admin_page(request, "share.html", context)


@router.post("/{slug}/test-call", response_class=HTMLResponse)
def place_test_call(
    request: Request,
    slug: str,
    session: SessionDep,
    services: ServicesDep,
    queue: CallQueueDep,
    user: PageEditor,
    _csrf: Annotated[None, CsrfChecked],
    phone: Annotated[str, Form(max_length=40)] = "",
    address: Annotated[str, Form(max_length=300)] = "",
    mode: Annotated[TestCallMode, Form()] = "rehearse",
) -> Response:
    """Ring the organizer's own phone as a constituent at `address` would be rung (this worker
    thread waits on the async lookup, as the builder's pages do); then the page follows the call."""
    get_campaign(session, slug=slug)
    call = StaffCallRequest(
        slug=slug, address=address, phone=phone, method=TEST_CALL_MODES[mode], placed_by=user.id
    )
    place = partial(
        request_test_call,
        engine=services.engine,
        data=services.read_models,
        locator=services.locator,
        telephony=services.telephony,
        settings=services.settings,
        request=call,
        queue=queue,
    )
    try:
        placed = anyio.from_thread.run(place)
    except (
        PhoneError,
        LocationError,
        NoTargetsError,
        DirectoryEmptyError,
        CallLimitError,
        CallBlockedError,
        CallsUnavailableError,
    ) as error:
        field = next((name for kind, name in TEST_CALL_FIELDS if isinstance(error, kind)), "")
        context = _share_context(session, services, user, slug=slug) | {
            "test_form": {"phone": phone, "address": address, "mode": mode},
            "test_error": {"field": field, "message": error.message},
        }
        return admin_page(request, "share.html", context, status=error.status)
    return RedirectResponse(f"/admin/campaigns/{slug}/share?test_call={placed.id}#test-call", status_code=303)


def _share_context(session: Session, services: Services, user: Principal, *, slug: str) -> dict[str, Any]:
    campaign = get_campaign(session, slug=slug)
    base = services.settings.public_base_url
    return {
        "user": user,
        "campaign": campaign,
        "link": public_link(base_url=base, slug=slug),
        "snippets": {
            lang: embed_snippet(base_url=base, slug=slug, language=lang) for lang in campaign.scripts
        },
        "twilio_configured": services.settings.twilio_configured,
        "may_test": campaign_access(session, principal=user, slug=slug).level == "edit" and user.may("edit"),
        "test_call_limit": services.settings.test_call_limit_per_hour,
        "test_form": {"phone": "", "address": "", "mode": "rehearse"},
        "test_error": None,
    }


@router.get("/{slug}/qr.{kind}")
def qr_code(
    slug: str,
    kind: Annotated[Literal["svg", "png"], Path()],
    session: SessionDep,
    services: ServicesDep,
    _user: PageReader,
) -> Response:
    campaign = get_campaign(session, slug=slug)
    link = public_link(base_url=services.settings.public_base_url, slug=campaign.slug)
    body, media = (qr_svg(link), "image/svg+xml") if kind == "svg" else (qr_png(link), "image/png")
    filename = f"{campaign.slug}-qr.{kind}"
    return Response(body, media_type=media, headers={"Content-Disposition": f'inline; filename="{filename}"'})


@router.get("/{slug}/confirm/{action}", response_class=HTMLResponse)
def confirm_page(
    request: Request, slug: str, action: Action, session: SessionDep, services: ServicesDep, user: PageEditor
) -> HTMLResponse:
    campaign = get_campaign(session, slug=slug)
    link = public_link(base_url=services.settings.public_base_url, slug=slug)
    return admin_page(
        request, "confirm.html", {"user": user, "campaign": campaign, "action": action, "link": link}
    )


@router.get("/{slug}/duplicate", response_class=HTMLResponse)
def duplicate_page(request: Request, slug: str, session: SessionDep, user: PageEditor) -> HTMLResponse:
    campaign = get_campaign(session, slug=slug)
    return admin_page(
        request, "duplicate.html", {"user": user, "campaign": campaign, "new_slug": f"{slug}-2"}
    )


@router.post("/{slug}/duplicate", response_class=HTMLResponse)
def duplicate(
    request: Request,
    slug: str,
    session: SessionDep,
    user: PageEditor,
    _csrf: Annotated[None, CsrfChecked],
    new_slug: Annotated[str, Form(max_length=80)],
) -> Response:
    try:
        copy = duplicate_campaign(session, slug=slug, new_slug=new_slug.strip())
    except (CampaignConflictError, CampaignFileError) as error:
        campaign = get_campaign(session, slug=slug)
        problem = _slug_problem(error)
        context = {"user": user, "campaign": campaign, "new_slug": new_slug, "problem": problem}
        return admin_page(request, "duplicate.html", context, status=error.status)
    return RedirectResponse(f"/admin/campaigns/{copy.slug}", status_code=303)


def _slug_problem(error: CampaignConflictError | CampaignFileError) -> str:
    if isinstance(error, CampaignConflictError):
        return error.message
    return (
        "A slug is 2 to 80 lowercase letters, digits and hyphens, starting and ending with a letter or "
        "digit (it becomes the link: /c/your-slug)."
    )
