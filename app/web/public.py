"""The constituent's pages: pick a campaign, enter an address, see whom to call and what to say."""

from typing import Annotated

from fastapi import APIRouter, Cookie, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from app.campaigns.description import render_description
from app.campaigns.lookups import campaign_targets, open_campaign
from app.campaigns.spec import CampaignSpec
from app.campaigns.store import list_campaigns
from app.container import Services
from app.db import session_scope
from app.errors import CampaignClosedError, SwitchboardError
from app.i18n.catalog import problem_text, words
from app.i18n.languages import choose_language, language_name, translated_language
from app.web.deps import ServicesDep, SessionDep
from app.web.pages import templates

router = APIRouter(include_in_schema=False)
LANGUAGE_COOKIE = "switchboard_lang"
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600
Remembered = Annotated[str | None, Cookie(alias=LANGUAGE_COOKIE, max_length=12)]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep, remembered: Remembered = None) -> HTMLResponse:
    language = translated_language(remembered or "en")
    context = {"campaigns": list_campaigns(session), "t": words(language, "ui"), "page_lang": language}
    return templates.TemplateResponse(request, "home.html", context)


@router.get("/c/{slug}", response_class=HTMLResponse)
def campaign_page(
    request: Request,
    slug: str,
    session: SessionDep,
    services: ServicesDep,
    lang: Annotated[str | None, Query(max_length=12)] = None,
    remembered: Remembered = None,
) -> HTMLResponse:
    try:
        _campaign, context = _campaign_context(
            session, services, slug=slug, requested=lang, remembered=remembered
        )
    except CampaignClosedError as error:
        return _closed(request, error)
    return _remembering(templates.TemplateResponse(request, "campaign.html", context), lang, context)


@router.post("/c/{slug}", response_class=HTMLResponse)
async def campaign_lookup(
    request: Request,
    slug: str,
    services: ServicesDep,
    address: Annotated[str, Form(max_length=300)] = "",
    name: Annotated[str, Form(max_length=100)] = "",
    lang: Annotated[str | None, Form(max_length=12)] = None,
    remembered: Remembered = None,
) -> HTMLResponse:
    try:
        campaign, context = await run_in_threadpool(
            _campaign_context_read, services, slug=slug, requested=lang, remembered=remembered
        )
    except CampaignClosedError as error:
        return _closed(request, error)
    context.update(
        address=address,
        name=name,
        calls_enabled=services.telephony is not None and "bridge" in campaign.call_modes,
        reporting="number" in campaign.call_modes,
    )
    status = 200
    try:
        context["result"] = await campaign_targets(
            services.engine,
            services.locator,
            slug=slug,
            address=address,
            name=name,
            language=str(context["language"]),
        )
    except SwitchboardError as error:
        context["error"] = error
        context["problem"] = problem_text(str(context["language"]), code=error.code, message=error.message)
        status = error.status
    response = templates.TemplateResponse(request, "campaign.html", context, status_code=status)
    return _remembering(response, lang, context)


def _campaign_context(
    session: Session, services: Services, *, slug: str, requested: str | None, remembered: str | None
) -> tuple[CampaignSpec, dict[str, object]]:
    """A public campaign and its page's context; raises CampaignClosedError when paused or ended."""
    campaign = open_campaign(session, slug)
    context = _page_context(campaign, requested=requested, remembered=remembered)
    context["calls_made"] = services.calls_made.calls_made(session, campaign=slug)
    return campaign, context


def _campaign_context_read(
    services: Services, *, slug: str, requested: str | None, remembered: str | None
) -> tuple[CampaignSpec, dict[str, object]]:
    """`_campaign_context` in a short session of its own (the lookup that follows waits on no connection)."""
    with session_scope(services.engine) as session:
        return _campaign_context(session, services, slug=slug, requested=requested, remembered=remembered)


def _page_context(
    campaign: CampaignSpec, *, requested: str | None, remembered: str | None
) -> dict[str, object]:
    language = choose_language(
        requested=requested,
        remembered=remembered,
        available=campaign.scripts,
        default=campaign.fallback_language(),
    )
    return {
        "campaign": campaign,
        "description": render_description(campaign.description),
        "language": language,
        "languages": [(code, language_name(code)) for code in campaign.scripts],
        "t": words(language, "ui"),
        "call_text": call_words(language),
        "page_lang": language,
    }


def _remembering(response: HTMLResponse, requested: str | None, context: dict[str, object]) -> HTMLResponse:
    """Remember a language the visitor picked, for this and every other campaign page."""
    if requested and requested == context["language"]:
        response.set_cookie(
            LANGUAGE_COOKIE, requested, max_age=LANGUAGE_COOKIE_MAX_AGE, httponly=True, samesite="lax"
        )
    return response


def _closed(request: Request, error: CampaignClosedError) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "message.html",
        {"title": "Campaign closed", "message": error.message},
        status_code=error.status,
    )


def call_words(language: str) -> dict[str, object]:
    """The words the "Call me" and outcome-report script shows, handed to it as JSON."""
    outcomes = words(language, "outcome")
    return {
        "statuses": dict(words(language, "status")),
        "outcomes": {key: outcomes[key] for key in ("contact", "voicemail", "unavailable", "wrong-number")},
        "other_outcomes": {key: outcomes[key] for key in ("skipped", "no-consent", "not-attempted")},
        **words(language, "call"),
    }
