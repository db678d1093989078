"""The campaign builder: /admin/campaigns/new and /admin/campaigns/{slug}/edit as a form, its live
preview (the public flow's cards) and "Try every state". Every button works without JavaScript:
the form posts back with an `action`, and the page comes back with what was typed (the directory
searched, an official added or moved, the list of people checked or uploaded)."""

from dataclasses import replace
from functools import partial
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import UploadFile

from app.campaigns.access import home_organization
from app.campaigns.builder import (
    Built,
    editing_form,
    preview_campaign,
    save_edited_campaign,
    save_new_campaign,
)
from app.campaigns.committee_choices import committee_choices
from app.campaigns.form import CampaignForm, LanguageText, Posted, read_posted
from app.campaigns.form_checks import FormProblems, people_rows
from app.campaigns.official_choices import picked_officials
from app.campaigns.people_csv import MAX_CSV_BYTES
from app.campaigns.previews import check_every_state, preview_targets, stored_targets
from app.campaigns.spec import CampaignSpec
from app.civic.directory.search import search_directory
from app.civic.directory.view import current_directory
from app.kernel.errors import CampaignConflictError, SwitchboardError
from app.kernel.vocabulary import CHAMBERS
from app.web.auth import CsrfChecked, PageCampaignGuard, PageEditor
from app.web.deps import ServicesDep, SessionDep
from app.web.routes.admin import admin_page
from app.web.views.campaign_form import (
    directory_query,
    find_values,
    form_context,
    preview_context,
    rendered,
)
from app.web.views.pages import templates

router = APIRouter(prefix="/admin", include_in_schema=False, dependencies=[PageCampaignGuard])
Csrf = Annotated[None, CsrfChecked]
FIELD_LIMIT = 50_000
# The list of people is read whole (one character past its cap, so that the check says it is too
# long rather than a cut list passing); the request guard bounds the body.
LIMITS = {"people": MAX_CSV_BYTES + 1, "people_file": MAX_CSV_BYTES + 1}
MAX_PART_BYTES = 2 * MAX_CSV_BYTES
MAX_FIELDS = 5_000


async def posted_values(request: Request) -> dict[str, list[str]]:
    """The builder's form as posted: every name with its values, in order; an uploaded list of
    people (`people_file`) as its text."""
    values: dict[str, list[str]] = {}
    async with request.form(max_fields=MAX_FIELDS, max_part_size=MAX_PART_BYTES) as form:
        for key in form:
            texts = [await _text(value) for value in form.getlist(key)]
            values[key] = [text[: LIMITS.get(key, FIELD_LIMIT)] for text in texts]
    return values


async def _text(value: str | UploadFile) -> str:
    if isinstance(value, str):
        return value
    content = await value.read(MAX_CSV_BYTES + 1)
    return content.decode("utf-8-sig", errors="replace")


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
        return _unsaved(request, session, services, user, form, action=action, values=values)
    built = save_new_campaign(session, form=form, editor=user.label, organization_id=home_organization(user))
    if built.spec is None:
        return _page(request, session, user, form, problems=built.problems, status=422)
    return _after_save(request, session, user, built, slug=built.spec.slug, action=action)


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
        return _unsaved(request, session, services, user, form, action=action, values=values, slug=slug)
    try:
        built = save_edited_campaign(session, slug=slug, form=form, editor=user.label)
    except CampaignConflictError as error:
        return _page(request, session, user, form, slug=slug, conflict=error.message, status=409)
    if built.spec is None:
        return _page(request, session, user, form, slug=slug, problems=built.problems, status=422)
    return _after_save(request, session, user, built, slug=slug, action=action)


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


def _unsaved(
    request: Request,
    session: Session,
    services: Any,
    user: Any,
    form: CampaignForm,
    *,
    action: str,
    values: Posted,
    slug: str | None = None,
) -> HTMLResponse:
    """The page after a button that changes or checks the form without saving it."""
    form = _changed(form, action, values)
    extra = _without_script(services, form, action, values) | {"find": find_values(values)}
    problems = None
    if action == "check_people":
        problems = FormProblems()
        # Checking shows every bad row, whether or not they are to be skipped.
        extra["people_checked"] = len(people_rows(replace(form, skip_bad_rows=False), problems=problems))
    return _page(request, session, user, form, slug=slug, problems=problems, extra=extra)


def _without_script(services: Any, form: CampaignForm, action: str, values: Posted) -> dict[str, Any]:
    """The preview, the state check or the directory search a button asked for, for a browser
    without JavaScript (this worker thread waits on the async work, as the staff preview page does)."""
    kept = {"preview_address": _one(values, "preview_address")}
    query = directory_query(values)
    if query is not None and (action == "find" or action.startswith("add_official:")):
        directory = anyio.from_thread.run(current_directory, services.read_models)
        return kept | {"found": search_directory(directory, query=query)}
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
        _move(form.chamber_order, what, up=verb == "up")
        form.chambers = [chamber for chamber in form.chamber_order if chamber in form.chambers]
    elif verb in ("up", "down") and what in form.officials:
        _move(form.officials, what, up=verb == "up")
    elif verb == "add_official" and what and what not in form.officials:
        form.officials.append(what)
    elif verb == "remove_official":
        form.officials = [official for official in form.officials if official != what]
    elif verb == "add_language":
        code = _one(values, "new_language")
        if code and form.language(code) is None:
            form.languages.append(LanguageText(code))
    elif verb == "remove_language" and len(form.languages) > 1:
        form.languages = [text for text in form.languages if text.code != what]
        if form.default_language == what:
            form.default_language = form.languages[0].code
    return form


def _move(items: list[str], item: str, *, up: bool) -> None:
    index = items.index(item)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]


def _after_save(
    request: Request, session: Session, user: Any, built: Built, *, slug: str, action: str
) -> Response:
    """The next page after a save. When rows of the list of people were skipped, the saved form
    itself, listing them (and the way on to launching, if that was asked)."""
    if built.skipped:
        form, text = editing_form(session, slug=slug)
        extra = {"skipped": built.skipped, "launch_next": action == "launch"}
        return _page(request, session, user, form, slug=slug, text=text, extra=extra)
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
    context["picked"] = picked_officials(session, ids=form.officials)
    return admin_page(request, "form.html", context, status=status)


def _one(values: Posted, name: str) -> str:
    found = values.get(name)
    return found[0] if found else ""
