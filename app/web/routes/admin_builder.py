"""The campaign builder: /admin/campaigns/new and /admin/campaigns/{slug}/edit as a form, its live
preview (the public flow's cards) and "Try every state". Every button works without JavaScript:
the form posts back with an `action`, and the page comes back with what was typed."""

from functools import partial
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from app.campaigns.access import home_organization
from app.campaigns.builder import editing_form, preview_campaign, save_edited_campaign, save_new_campaign
from app.campaigns.committee_choices import committee_choices
from app.campaigns.form import CampaignForm, LanguageText, Posted, read_posted
from app.campaigns.form_checks import FormProblems
from app.campaigns.previews import check_every_state, preview_targets, stored_targets
from app.campaigns.spec import CampaignSpec
from app.kernel.errors import CampaignConflictError, SwitchboardError
from app.kernel.vocabulary import CHAMBERS
from app.web.auth import CsrfChecked, PageCampaignGuard, PageEditor
from app.web.deps import ServicesDep, SessionDep
from app.web.routes.admin import admin_page
from app.web.views.campaign_form import form_context, preview_context, rendered
from app.web.views.pages import templates

router = APIRouter(prefix="/admin", include_in_schema=False, dependencies=[PageCampaignGuard])
Csrf = Annotated[None, CsrfChecked]
FIELD_LIMIT = 50_000


async def posted_values(request: Request) -> dict[str, list[str]]:
    """The builder's form as posted: every name with its values, in order (text only)."""
    form = await request.form()
    return {
        key: [value[:FIELD_LIMIT] for value in form.getlist(key) if isinstance(value, str)] for key in form
    }


Values = Annotated[dict[str, list[str]], Depends(posted_values)]


@router.get("/campaigns/new", response_class=HTMLResponse)
def new_campaign_form(request: Request, session: SessionDep, user: PageEditor) -> HTMLResponse:
    return _page(request, session, user, CampaignForm())


@router.post("/campaigns/new", response_class=HTMLResponse)
def save_new(
    request: Request,
    session: SessionDep,
    services: ServicesDep,
    user: PageEditor,
    _csrf: Csrf,
    values: Values,
) -> Response:
    form, action = read_posted(values), _one(values, "action")
    if action != "save" and action != "launch":
        extra = _without_script(services, _changed(form, action, values), action, values)
        return _page(request, session, user, form, extra=extra)
    built = save_new_campaign(session, form=form, editor=user.label, organization_id=home_organization(user))
    if built.spec is None:
        return _page(request, session, user, form, problems=built.problems, status=422)
    return _after_save(built.spec.slug, action)


@router.get("/campaigns/{slug}/edit", response_class=HTMLResponse)
def edit_campaign_form(request: Request, slug: str, session: SessionDep, user: PageEditor) -> HTMLResponse:
    form, text = editing_form(session, slug=slug)
    return _page(request, session, user, form, slug=slug, text=text)


@router.post("/campaigns/{slug}/edit", response_class=HTMLResponse)
def save_edit(
    request: Request,
    slug: str,
    session: SessionDep,
    services: ServicesDep,
    user: PageEditor,
    _csrf: Csrf,
    values: Values,
) -> Response:
    form, action = read_posted(values), _one(values, "action")
    form.slug = slug
    if action != "save" and action != "launch":
        extra = _without_script(services, _changed(form, action, values), action, values)
        return _page(request, session, user, form, slug=slug, extra=extra)
    try:
        built = save_edited_campaign(session, slug=slug, form=form, editor=user.label)
    except CampaignConflictError as error:
        return _page(request, session, user, form, slug=slug, conflict=error.message, status=409)
    if built.spec is None:
        return _page(request, session, user, form, slug=slug, problems=built.problems, status=422)
    return _after_save(slug, action)


@router.post("/builder/preview", response_class=HTMLResponse)
async def builder_preview(
    request: Request, services: ServicesDep, user: PageEditor, values: Values
) -> Response:
    """The preview pane for the form as it is now (no CSRF: it changes nothing, and answers only
    to a signed-in organizer's session)."""
    return await _preview(request, services, read_posted(values), values)


@router.post("/builder/states", response_class=HTMLResponse)
async def builder_states(
    request: Request, services: ServicesDep, user: PageEditor, values: Values
) -> Response:
    context = await _states_context(services, read_posted(values), values)
    return templates.TemplateResponse(request, "admin/form_states.html", context)


def _without_script(services: Any, form: CampaignForm, action: str, values: Posted) -> dict[str, Any]:
    """The preview or the state check a button asked for, for a browser without JavaScript (this
    worker thread waits on the async work, as the staff preview page does)."""
    kept = {"preview_address": _one(values, "preview_address")}
    if action == "preview":
        context = anyio.from_thread.run(partial(_preview_context, services, form, values))
        return kept | {"preview_html": rendered("admin/form_preview.html", context)}
    if action == "states":
        context = anyio.from_thread.run(partial(_states_context, services, form, values))
        return kept | {"states_html": rendered("admin/form_states.html", context)}
    return kept


async def _states_context(services: Any, form: CampaignForm, values: Posted) -> dict[str, Any]:
    campaign = await _campaign_now(services, form, values)
    if campaign is None:
        return {"check": None}
    return {"check": await check_every_state(services.read_models, campaign=campaign)}


async def _preview(request: Request, services: Any, form: CampaignForm, values: Posted) -> Response:
    context = await _preview_context(services, form, values)
    return templates.TemplateResponse(request, "admin/form_preview.html", context)


async def _preview_context(services: Any, form: CampaignForm, values: Posted) -> dict[str, Any]:
    address = _one(values, "preview_address").strip()[:300]
    campaign = await _campaign_now(services, form, values)
    if campaign is None:
        return {"waiting": "Fix the fields marked in the form to see the preview."}
    if not address:
        return {"waiting": "Type an address or a ZIP code to see what a caller there sees."}
    try:
        result = await preview_targets(
            services.read_models,
            locator=services.locator,
            campaign=campaign,
            address=address,
            name=_one(values, "preview_name"),
            language=_one(values, "preview_lang") or None,
        )
    except SwitchboardError as error:
        return {"error": error.message}
    base = services.settings.public_base_url.rstrip("/")
    page_url = f"{base}/c/{form.slug or 'your-campaign'}"
    return preview_context(result, image_url=services.settings.congress_image_url, page_url=page_url)


async def _campaign_now(services: Any, form: CampaignForm, values: Posted) -> CampaignSpec | None:
    """The form's campaign, with the targets the form does not show of the campaign being edited
    (`editing`)."""
    stored = await stored_targets(services.read_models, slug=_one(values, "editing"))
    return preview_campaign(form, stored=stored)


def _changed(form: CampaignForm, action: str, values: Posted) -> CampaignForm:
    """The form after a button that changes it without saving (order, languages)."""
    verb, _, what = action.partition(":")
    if verb in ("up", "down") and what in form.chamber_order:
        order = form.chamber_order
        index = order.index(what)
        other = index - 1 if verb == "up" else index + 1
        if 0 <= other < len(order):
            order[index], order[other] = order[other], order[index]
        form.chambers = [chamber for chamber in order if chamber in form.chambers]
    elif verb == "add_language":
        code = _one(values, "new_language")
        if code and form.language(code) is None:
            form.languages.append(LanguageText(code))
    elif verb == "remove_language" and len(form.languages) > 1:
        form.languages = [text for text in form.languages if text.code != what]
        if form.default_language == what:
            form.default_language = form.languages[0].code
    return form


def _after_save(slug: str, action: str) -> Response:
    if action == "launch":
        return RedirectResponse(f"/admin/campaigns/{slug}/confirm/launch", status_code=303)
    return RedirectResponse(f"/admin/campaigns/{slug}/edit?saved=1", status_code=303)


def _page(
    request: Request,
    session: Session,
    user: Any,
    form: CampaignForm,
    *,
    slug: str | None = None,
    text: str = "",
    problems: FormProblems | None = None,
    conflict: str = "",
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HTMLResponse:
    context = form_context(form, problems=problems, slug=slug, text=text)
    context |= {"user": user, "conflict": conflict, "saved": request.query_params.get("saved") == "1"}
    context |= {"chambers": CHAMBERS, **(extra or {})}
    chosen = [committee for committee, _rule in form.committees]
    context["committee_groups"] = committee_choices(session, states=form.states, chosen=chosen)
    return admin_page(request, "form.html", context, status=status)


def _one(values: Posted, name: str) -> str:
    found = values.get(name)
    return found[0] if found else ""
