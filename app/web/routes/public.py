"""The constituent's pages: pick a campaign, enter an address, call each target in turn."""

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Cookie, Depends, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from app.calls.lookup_tokens import issue_lookup_token
from app.calls.reports import SelfReport, record_self_reported_outcome
from app.campaigns.attribution import Attribution
from app.campaigns.lookups import campaign_targets
from app.campaigns.partners import leaderboard_shown
from app.campaigns.spec import CampaignSpec
from app.campaigns.store import list_campaigns
from app.i18n.catalog import problem_text, words
from app.i18n.languages import translated_language
from app.kernel.errors import CallLimitError, CampaignClosedError, CampaignNotFoundError, SwitchboardError
from app.runtime.container import Services
from app.storage.db import session_scope
from app.tallies.by_partner import leaderboard
from app.web.deps import ClientIPDep, ServicesDep, SessionDep
from app.web.errors import error_headers
from app.web.middleware.framing import allow_framing
from app.web.views.campaign_page import closed_context, located_as, page_context, place_name
from app.web.views.cards import cards_for, reported_outcomes
from app.web.views.lookup_form import LookupForm, read_form
from app.web.views.pages import LANGUAGE_COOKIE, templates

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).parent.parent / "static"
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600
Remembered = Annotated[str | None, Cookie(alias=LANGUAGE_COOKIE, max_length=12)]
# Generous bounds only against abuse: the real limits are checked by LookupForm, beside each field.
Field = Annotated[str, Form(max_length=20_000)]
Small = Annotated[str, Form(max_length=120)]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep, remembered: Remembered = None) -> HTMLResponse:
    language = translated_language(remembered or "en")
    context = {"campaigns": list_campaigns(session), "t": words(language, "ui"), "page_lang": language}
    return templates.TemplateResponse(request, "home.html", context)


@router.get("/embed.js")
def embed_script() -> FileResponse:
    """The one-line snippet partners paste (see static/embed.js); served at the root so it is short."""
    return FileResponse(
        STATIC / "embed.js", media_type="text/javascript", headers={"Cache-Control": "public, max-age=3600"}
    )


@router.get("/favicon.ico")
def favicon() -> RedirectResponse:
    return RedirectResponse("/static/favicon.svg", status_code=301)


@router.get("/c/{slug}", response_class=HTMLResponse)
def campaign_page(
    request: Request,
    slug: str,
    session: SessionDep,
    services: ServicesDep,
    lang: Annotated[str | None, Query(max_length=12)] = None,
    remembered: Remembered = None,
) -> Response:
    return _show(request, session, services, slug=slug, lang=lang, remembered=remembered, embed=False)


@router.get("/c/{slug}/embed", response_class=HTMLResponse)
def campaign_embed(
    request: Request,
    slug: str,
    session: SessionDep,
    services: ServicesDep,
    lang: Annotated[str | None, Query(max_length=12)] = None,
    remembered: Remembered = None,
) -> Response:
    return _show(request, session, services, slug=slug, lang=lang, remembered=remembered, embed=True)


@router.get("/c/{slug}/partners", response_class=HTMLResponse)
def campaign_leaderboard(
    request: Request,
    slug: str,
    session: SessionDep,
    services: ServicesDep,
    lang: Annotated[str | None, Query(max_length=12)] = None,
    remembered: Remembered = None,
) -> Response:
    """The campaign's partners ranked by calls, when its owner chose to show them (else not found)."""
    try:
        if not leaderboard_shown(session, slug=slug):
            raise CampaignNotFoundError(f"There is no campaign called {slug!r}.")
        _campaign, context = page_context(session, services, slug=slug, requested=lang, remembered=remembered)
    except (CampaignClosedError, CampaignNotFoundError) as error:
        return _closed(request, session, error, slug=slug, lang=lang, remembered=remembered, embed=False)
    context.update(ranking=leaderboard(session, slug=slug), slug=slug, query=f"?lang={lang}" if lang else "")
    return templates.TemplateResponse(request, "leaderboard.html", context)


def posted_form(
    address: Field = "",
    name: Field = "",
    step: Small = "",
    to: Small = "",
    token: Small = "",
    target_id: Small = "",
    outcome: Small = "",
    lookup: Annotated[str, Form(max_length=2000)] = "",
    called: Annotated[str, Form(max_length=2000)] = "",
) -> LookupForm:
    form = read_form(
        address=address, name=name, step=step, go_to=to, token=token, target_id=target_id, outcome=outcome
    )
    form.lookup = lookup
    form.called = called
    return form


PostedForm = Annotated[LookupForm, Depends(posted_form)]
Language = Annotated[str | None, Form(max_length=12)]


@router.post("/c/{slug}", response_class=HTMLResponse)
async def campaign_lookup(
    request: Request,
    slug: str,
    services: ServicesDep,
    form: PostedForm,
    ip: ClientIPDep,
    lang: Language = None,
    remembered: Remembered = None,
) -> Response:
    return await _lookup(request, services, slug=slug, form=form, ip=ip, lang=lang, remembered=remembered)


@router.post("/c/{slug}/embed", response_class=HTMLResponse)
async def campaign_embed_lookup(
    request: Request,
    slug: str,
    services: ServicesDep,
    form: PostedForm,
    ip: ClientIPDep,
    lang: Language = None,
    remembered: Remembered = None,
) -> Response:
    return await _lookup(
        request, services, slug=slug, form=form, ip=ip, lang=lang, remembered=remembered, embed=True
    )


def _show(
    request: Request,
    session: Session,
    services: Services,
    *,
    slug: str,
    lang: str | None,
    remembered: str | None,
    embed: bool,
) -> Response:
    try:
        campaign, context = page_context(
            session,
            services,
            slug=slug,
            requested=lang,
            remembered=remembered,
            embed=embed,
            link=request.query_params,
        )
    except (CampaignClosedError, CampaignNotFoundError) as error:
        return _closed(request, session, error, slug=slug, lang=lang, remembered=remembered, embed=embed)
    context["form"] = LookupForm()
    response = templates.TemplateResponse(request, "campaign.html", context)
    return _framed(_remembering(response, lang, context), campaign.embed_origins, embed=embed)


async def _lookup(
    request: Request,
    services: Services,
    *,
    slug: str,
    form: LookupForm,
    ip: str | None,
    lang: str | None,
    remembered: str | None,
    embed: bool = False,
) -> Response:
    """The page after a post: the reported outcome recorded, then the address looked up (the
    database is read in short sessions; none is held while the geocoder answers).

    A report is held to the API's rules (app.calls.reports): one per lookup and target, and the
    same limit per client address; a refused one is said above the cards, with its status."""
    reported, refused = await run_in_threadpool(_report, services, slug=slug, form=form, ip=ip)
    try:
        campaign, context = await run_in_threadpool(
            _page_context_read,
            services,
            slug=slug,
            requested=lang,
            remembered=remembered,
            embed=embed,
            link=dict(request.query_params),
        )
    except (CampaignClosedError, CampaignNotFoundError) as error:
        return await run_in_threadpool(
            _closed_read, request, services, error, slug=slug, lang=lang, remembered=remembered, embed=embed
        )
    text = words(str(context["language"]), "ui")
    context.update(form=form, problems=form.problems(text), reported=reported)
    status = 422 if context["problems"] else 200
    shown: SwitchboardError | None = refused
    if refused is not None:
        status = _show_error(context, refused)
    if not context["problems"]:
        try:
            result = await campaign_targets(
                services.read_models,
                locator=services.locator,
                slug=slug,
                address=form.address,
                name=form.name,
                language=str(context["language"]),
                sure_only=True,
            )
            cards = cards_for(result, text=text, image_url=services.settings.congress_image_url)
            form.step = min(max(form.step, 1), len(cards) + 1)
            secret = services.settings.secret_key.get_secret_value()
            attribution = context["attribution"]
            assert isinstance(attribution, Attribution)
            lookup = issue_lookup_token(secret=secret, targets=result, attribution=attribution)
            located = located_as(result.location, text)
            place = place_name(result.location, text)
            posted = (form.target_id, form.outcome) if form.wants_report() else None
            called = reported_outcomes(form.called, cards=cards, posted=posted)
            context.update(
                result=result, cards=cards, lookup=lookup, located=located, place=place, called=called
            )
        except SwitchboardError as error:
            shown, status = error, _show_error(context, error)
    headers = error_headers(shown) if shown is not None else None
    response = templates.TemplateResponse(
        request, "campaign.html", context, status_code=status, headers=headers
    )
    return _framed(_remembering(response, lang, context), campaign.embed_origins, embed=embed)


def _show_error(context: dict[str, object], error: SwitchboardError) -> int:
    """Put `error` on the page, in the page's language; the status the page answers with."""
    context["error"] = error
    context["problem"] = problem_text(str(context["language"]), code=error.code, message=error.message)
    return error.status


def _page_context_read(
    services: Services,
    *,
    slug: str,
    requested: str | None,
    remembered: str | None,
    embed: bool,
    link: dict[str, str],
) -> tuple[CampaignSpec, dict[str, object]]:
    with session_scope(services.engine) as session:
        return page_context(
            session, services, slug=slug, requested=requested, remembered=remembered, embed=embed, link=link
        )


def _report(
    services: Services, *, slug: str, form: LookupForm, ip: str | None
) -> tuple[str, CallLimitError | None]:
    """Record the outcome a visitor without JavaScript reported: the outcome recorded (a repeat's
    is the first report's) or "", and the limit that refused it, if one did."""
    if not form.wants_report():
        return "", None
    report = SelfReport(
        slug=slug,
        browser_token=form.token,
        lookup=form.lookup,
        target_id=form.target_id,
        outcome=form.outcome,
        client_ip=ip,
    )
    try:
        update = record_self_reported_outcome(services.engine, settings=services.settings, report=report)
    except CallLimitError as error:
        return "", error
    except SwitchboardError:
        return "", None
    return update.after.outcome or "", None


def _framed(response: Response, origins: list[str], *, embed: bool) -> Response:
    return allow_framing(response, origins) if embed else response


def _remembering(response: Response, requested: str | None, context: dict[str, object]) -> Response:
    """Remember a language the visitor picked, for this and every other campaign page."""
    if requested and requested == context["language"]:
        response.set_cookie(
            LANGUAGE_COOKIE, requested, max_age=LANGUAGE_COOKIE_MAX_AGE, httponly=True, samesite="lax"
        )
    return response


def _closed(
    request: Request,
    session: Session,
    error: CampaignClosedError | CampaignNotFoundError,
    *,
    slug: str,
    lang: str | None,
    remembered: str | None,
    embed: bool,
) -> Response:
    """Why a campaign cannot be used, in the visitor's language; inside a partner's frame too."""
    campaign, context = closed_context(session, error, slug=slug, requested=lang, remembered=remembered)
    context["embed"] = embed
    response = templates.TemplateResponse(request, "message.html", context, status_code=error.status)
    # A paused campaign comes back: no browser or proxy may keep showing this answer (410 and 404
    # are cacheable by default).
    response.headers["Cache-Control"] = "no-cache"
    return _framed(response, campaign.embed_origins, embed=embed) if campaign else response


def _closed_read(
    request: Request,
    services: Services,
    error: CampaignClosedError | CampaignNotFoundError,
    *,
    slug: str,
    lang: str | None,
    remembered: str | None,
    embed: bool,
) -> Response:
    with session_scope(services.engine) as session:
        return _closed(request, session, error, slug=slug, lang=lang, remembered=remembered, embed=embed)
