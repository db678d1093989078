"""The organizers' pages under /admin: sign in, list, create, edit, preview, launch, pause and end."""

from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.accounts.passwords import Passwords
from app.accounts.service import LoginLimits, sign_in
from app.accounts.sessions import end_admin_session, start_admin_session
from app.campaigns.access import home_organization, visible_campaigns
from app.campaigns.description import render_description
from app.campaigns.editing import (
    STARTER_YAML,
    check_campaign_yaml,
    create_campaign,
    problems_of,
    set_campaign_status,
    update_campaign,
)
from app.campaigns.files import MAX_FILE_BYTES, campaign_yaml
from app.campaigns.lookups import campaign_targets
from app.campaigns.partners import partner_campaigns
from app.campaigns.spec import Status
from app.campaigns.store import ALL_STATUSES, campaign_definition, get_campaign
from app.civic.directory.status import directory_status
from app.i18n.catalog import words
from app.kernel.clock import utcnow
from app.kernel.errors import (
    CampaignConflictError,
    CampaignFileError,
    CsrfError,
    NotSignedInError,
    PermissionDeniedError,
    SwitchboardError,
    TooManyLoginsError,
)
from app.schemas.campaigns import CampaignCheck
from app.web.auth import SESSION_KEY, CsrfChecked, PageCampaignGuard, PageEditor, PageReader, csrf_token
from app.web.deps import ServicesDep, SessionDep
from app.web.responses import WITH_BODY, error_responses
from app.web.views.pages import templates

router = APIRouter(prefix="/admin", include_in_schema=False, dependencies=[PageCampaignGuard])
Definition = Annotated[str, Form(max_length=MAX_FILE_BYTES)]
Csrf = Annotated[None, CsrfChecked]


def admin_page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    context = {"csrf_token": csrf_token(request), **context}
    return templates.TemplateResponse(request, f"admin/{name}", context, status_code=status)


def _safe_next(target: str) -> str:
    """Only ever send people back inside the admin pages after signing in (no open redirect)."""
    return target if target.startswith("/admin") and not target.startswith("//") else "/admin"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: Annotated[str, Query(max_length=300)] = "/admin") -> HTMLResponse:
    return admin_page(request, "login.html", {"next": _safe_next(next)})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: SessionDep,
    services: ServicesDep,
    _csrf: Csrf,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=300)] = "/admin",
) -> Response:
    client = request.client.host if request.client else "unknown"
    limits = LoginLimits.from_settings(services.settings)
    context: dict[str, Any] = {"next": _safe_next(next), "email": email}
    try:
        principal = sign_in(
            services.engine,
            email=email,
            password=password,
            client=client,
            limits=limits,
            passwords=Passwords.from_settings(services.settings),
        )
    except TooManyLoginsError as error:
        return admin_page(request, "login.html", {**context, "error": error.message}, status=error.status)
    if principal is None:
        context["error"] = "That email and password do not match an account."
        return admin_page(request, "login.html", context, status=401)
    request.session.clear()  # a fresh session (and CSRF token) for the signed-in person
    lifetime = timedelta(seconds=services.settings.session_max_age_seconds)
    request.session[SESSION_KEY] = start_admin_session(
        session, user_id=principal.id, now=utcnow(), lifetime=lifetime
    )
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, session: SessionDep, _user: PageReader, _csrf: Csrf) -> Response:
    key = request.session.get(SESSION_KEY)
    if isinstance(key, str):
        end_admin_session(session, key=key)
    request.session.clear()
    return RedirectResponse("/admin/login", status_code=303)


@router.get("", response_class=HTMLResponse)
def campaigns_page(
    request: Request, session: SessionDep, services: ServicesDep, user: PageReader
) -> HTMLResponse:
    campaigns = visible_campaigns(session, principal=user, statuses=ALL_STATUSES)
    directory = directory_status(
        session, now=datetime.now(UTC), stale_after=services.settings.directory_stale_after
    )
    context = {
        "campaigns": campaigns,
        "partner_of": partner_campaigns(session, organization_ids=[org for org, _role in user.memberships]),
        "user": user,
        "directory_warnings": directory.warnings(),
    }
    return admin_page(request, "campaigns.html", context)


# The form lives at /admin/campaigns/new (admin_builder.py); the campaign file is "Advanced".
@router.get("/campaigns/new/advanced", response_class=HTMLResponse)
def new_campaign_page(request: Request, user: PageEditor) -> HTMLResponse:
    return admin_page(request, "edit.html", {"definition": STARTER_YAML, "user": user, "slug": None})


@router.post("/campaigns/new/advanced", response_class=HTMLResponse)
def new_campaign(
    request: Request, session: SessionDep, user: PageEditor, _csrf: Csrf, definition: Definition
) -> Response:
    try:
        spec = create_campaign(
            session, text=definition, editor=user.label, organization_id=home_organization(user)
        )
    except (CampaignFileError, CampaignConflictError) as error:
        return _edit_failed(request, error, definition=definition, slug=None, user=user)
    return RedirectResponse(f"/admin/campaigns/{spec.slug}/preview?saved=1", status_code=303)


@router.post(
    "/campaigns/check",
    responses=error_responses(NotSignedInError, PermissionDeniedError, CsrfError, extra=WITH_BODY),
)
def check_campaign(
    session: SessionDep, user: PageEditor, _csrf: Csrf, definition: Definition
) -> CampaignCheck:
    """Live validation for the edit form: the problems of a definition, without saving it."""
    try:
        check_campaign_yaml(definition, session=session)
    except CampaignFileError as error:
        return CampaignCheck.of(problems_of(error))
    return CampaignCheck.of([])


@router.get("/campaigns/{slug}", response_class=HTMLResponse)
def campaign_page(request: Request, slug: str, session: SessionDep, user: PageReader) -> HTMLResponse:
    spec = get_campaign(session, slug=slug)
    text, revision = campaign_definition(session, slug=slug)
    context = {"definition": text or campaign_yaml(spec), "user": user, "slug": slug, "campaign": spec}
    return admin_page(request, "edit.html", {**context, "revision": revision})


@router.post("/campaigns/{slug}", response_class=HTMLResponse)
def edit_campaign(
    request: Request,
    slug: str,
    session: SessionDep,
    user: PageEditor,
    _csrf: Csrf,
    definition: Definition,
    revision: Annotated[int | None, Form()] = None,
) -> Response:
    try:
        update_campaign(session, slug=slug, text=definition, editor=user.label, revision=revision)
    except (CampaignFileError, CampaignConflictError) as error:
        return _edit_failed(request, error, definition=definition, slug=slug, user=user)
    return RedirectResponse(f"/admin/campaigns/{slug}/preview?saved=1", status_code=303)


def _edit_failed(
    request: Request, error: SwitchboardError, *, definition: str, slug: str | None, user: Any
) -> HTMLResponse:
    problems = problems_of(error) if isinstance(error, CampaignFileError) else [{"reason": error.message}]
    context = {"definition": definition, "slug": slug, "user": user, "problems": problems}
    return admin_page(request, "edit.html", context, status=422)


@router.get("/campaigns/{slug}/preview", response_class=HTMLResponse)
def preview_page(
    request: Request,
    slug: str,
    session: SessionDep,
    services: ServicesDep,
    user: PageReader,
    address: Annotated[str, Query(max_length=300)] = "",
    name: Annotated[str, Query(max_length=100)] = "",
    lang: Annotated[str | None, Query(max_length=12)] = None,
    saved: bool = False,
) -> HTMLResponse:
    spec = get_campaign(session, slug=slug)
    context: dict[str, Any] = {
        "campaign": spec,
        "user": user,
        "address": address,
        "name": name,
        "saved": saved,
    }
    context["description"] = render_description(spec.description)
    context["lang"] = lang or spec.fallback_language()
    context["t"] = words(context["lang"], "ui")
    if address:
        try:
            # A staff page, rare: its worker thread waits on the async lookup.
            context["result"] = anyio.from_thread.run(
                partial(
                    campaign_targets,
                    services.read_models,
                    locator=services.locator,
                    slug=slug,
                    address=address,
                    name=name,
                    language=lang,
                    any_status=True,
                )
            )
        except SwitchboardError as error:
            context["error"] = error
    return admin_page(request, "preview.html", context)


@router.post("/campaigns/{slug}/launch", response_class=HTMLResponse)
def launch_campaign(
    request: Request, slug: str, session: SessionDep, user: PageEditor, _csrf: Csrf
) -> Response:
    return _change_status(request, session, slug=slug, status="live", user=user)


@router.post("/campaigns/{slug}/pause", response_class=HTMLResponse)
def pause_campaign(
    request: Request, slug: str, session: SessionDep, user: PageEditor, _csrf: Csrf
) -> Response:
    return _change_status(request, session, slug=slug, status="paused", user=user)


@router.post("/campaigns/{slug}/end", response_class=HTMLResponse)
def end_campaign(request: Request, slug: str, session: SessionDep, user: PageEditor, _csrf: Csrf) -> Response:
    return _change_status(request, session, slug=slug, status="ended", user=user)


def _change_status(
    request: Request, session: SessionDep, *, slug: str, status: Status, user: Any
) -> Response:
    try:
        set_campaign_status(session, slug=slug, status=status)
    except CampaignFileError as error:
        definition = campaign_yaml(get_campaign(session, slug=slug))
        return _edit_failed(request, error, definition=definition, slug=slug, user=user)
    if status == "live":
        return RedirectResponse(f"/admin/campaigns/{slug}/share?launched=true", status_code=303)
    return RedirectResponse("/admin", status_code=303)
