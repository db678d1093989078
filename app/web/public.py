"""The constituent's pages: pick a campaign, enter an address, see whom to call and what to say."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from app.campaigns.store import list_campaigns
from app.errors import CampaignClosedError, SwitchboardError
from app.lookups import campaign_targets, open_campaign
from app.web.deps import ServicesDep, SessionDep
from app.web.pages import templates

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep) -> HTMLResponse:
    return templates.TemplateResponse(request, "home.html", {"campaigns": list_campaigns(session)})


@router.get("/c/{slug}", response_class=HTMLResponse)
def campaign_page(request: Request, slug: str, session: SessionDep) -> HTMLResponse:
    try:
        campaign = open_campaign(session, slug)
    except CampaignClosedError as error:
        return _closed(request, error)
    return templates.TemplateResponse(request, "campaign.html", {"campaign": campaign})


@router.post("/c/{slug}", response_class=HTMLResponse)
def campaign_lookup(
    request: Request,
    slug: str,
    session: SessionDep,
    services: ServicesDep,
    address: Annotated[str, Form(max_length=300)] = "",
    name: Annotated[str, Form(max_length=100)] = "",
) -> HTMLResponse:
    try:
        campaign = open_campaign(session, slug)
    except CampaignClosedError as error:
        return _closed(request, error)
    context: dict[str, object] = {
        "campaign": campaign,
        "address": address,
        "name": name,
        "calls_enabled": services.telephony is not None and "bridge" in campaign.call_modes,
    }
    try:
        context["result"] = campaign_targets(session, services.locator, slug=slug, address=address, name=name)
    except SwitchboardError as error:
        context["error"] = error
        return templates.TemplateResponse(request, "campaign.html", context, status_code=error.status)
    return templates.TemplateResponse(request, "campaign.html", context)


def _closed(request: Request, error: CampaignClosedError) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "message.html",
        {"title": "Campaign closed", "message": error.message},
        status_code=error.status,
    )
