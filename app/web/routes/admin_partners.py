"""A campaign's partners (owner's page): add by name or by invite link, pause a link, co-branding,
a partner's own number; the invite a partner's admin accepts; and the tallies by partner, which a
partner's members see filtered to their own partner."""

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from app.accounts.organizations import organization_names
from app.campaigns.access import campaign_access, require_access
from app.campaigns.partners import (
    accept_invite,
    add_partner,
    invite_partner,
    leaderboard_shown,
    partners_of,
    set_leaderboard,
    update_partner,
)
from app.campaigns.sharing import embed_snippet, public_link
from app.campaigns.store import get_campaign
from app.kernel.errors import AccountError, PermissionDeniedError
from app.kernel.vocabulary import TALLY_COLUMNS
from app.tallies.by_partner import partner_csv, partner_tallies
from app.web.auth import CsrfChecked, PageCampaignGuard, PageEditor, PageReader
from app.web.deps import ServicesDep, SessionDep
from app.web.routes.admin import admin_page
from app.web.views.partner_views import partner_chart

owned = APIRouter(prefix="/admin/campaigns", include_in_schema=False, dependencies=[PageCampaignGuard])
router = APIRouter(prefix="/admin", include_in_schema=False)
Csrf = Annotated[None, CsrfChecked]
Short = Annotated[str, Form(max_length=120)]
PartnerTable = Literal["partners", "targets", "over-time"]


@owned.get("/{slug}/partners", response_class=HTMLResponse)
def partners_page(
    request: Request,
    slug: str,
    session: SessionDep,
    services: ServicesDep,
    user: PageReader,
    invite: str = "",
    problem: str = "",
) -> HTMLResponse:
    campaign = get_campaign(session, slug=slug)
    base = services.settings.public_base_url
    partners = partners_of(session, slug=slug)
    context = {
        "user": user,
        "campaign": campaign,
        "partners": partners,
        "links": {p.id: public_link(base_url=base, slug=slug, partner=p.code) for p in partners},
        "snippets": {p.id: embed_snippet(base_url=base, slug=slug, partner=p.code) for p in partners},
        "can_edit": require_access(session, principal=user, slug=slug, change=False).level == "edit",
        "invite_link": f"{base.rstrip('/')}/admin/invites/{invite}" if invite else "",
        "problem": problem,
        "leaderboard": leaderboard_shown(session, slug=slug),
    }
    return admin_page(request, "partners.html", context, status=422 if problem else 200)


@owned.post("/{slug}/partners", response_class=HTMLResponse)
def add_partner_by_name(
    request: Request,
    slug: str,
    session: SessionDep,
    services: ServicesDep,
    user: PageEditor,
    _csrf: Csrf,
    organization: Short,
    code: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    try:
        add_partner(session, slug=slug, organization=organization, code=code)
    except AccountError as error:
        return partners_page(request, slug, session, services, user, problem=error.message)
    return RedirectResponse(f"/admin/campaigns/{slug}/partners", status_code=303)


@owned.post("/{slug}/partners/leaderboard", response_class=HTMLResponse)
def change_leaderboard(
    slug: str,
    session: SessionDep,
    _user: PageEditor,
    _csrf: Csrf,
    shown: Annotated[Literal["on", "off"], Form()],
) -> Response:
    set_leaderboard(session, slug=slug, shown=shown == "on")
    return RedirectResponse(f"/admin/campaigns/{slug}/partners", status_code=303)


@owned.post("/{slug}/partners/invite", response_class=HTMLResponse)
def invite(
    request: Request, slug: str, session: SessionDep, services: ServicesDep, user: PageEditor, _csrf: Csrf
) -> HTMLResponse:
    secret = invite_partner(session, slug=slug)
    return partners_page(request, slug, session, services, user, invite=secret)


@owned.post("/{slug}/partners/{partner_id}", response_class=HTMLResponse)
def change_partner(
    request: Request,
    slug: str,
    partner_id: int,
    session: SessionDep,
    services: ServicesDep,
    user: PageEditor,
    _csrf: Csrf,
    status: Annotated[Literal["active", "paused", ""], Form()] = "",
    cobrand: Annotated[Literal["on", "off", ""], Form()] = "",
    callin_number: Annotated[str | None, Form(max_length=40)] = None,
) -> Response:
    try:
        update_partner(
            session,
            slug=slug,
            partner_id=partner_id,
            status=status or None,
            cobrand=None if not cobrand else cobrand == "on",
            callin_number=callin_number,
        )
    except AccountError as error:
        return partners_page(request, slug, session, services, user, problem=error.message)
    return RedirectResponse(f"/admin/campaigns/{slug}/partners", status_code=303)


@router.get("/invites/{secret}", response_class=HTMLResponse)
def invite_page(request: Request, secret: str, session: SessionDep, user: PageReader) -> HTMLResponse:
    admin_of = [org for org, role in user.memberships if role == "admin"]
    names = organization_names(session, ids=set(admin_of))
    context = {"user": user, "secret": secret, "organizations": sorted(names.items(), key=lambda kv: kv[1])}
    return admin_page(request, "invite.html", context)


@router.post("/invites/{secret}", response_class=HTMLResponse)
def accept(
    request: Request,
    secret: str,
    session: SessionDep,
    user: PageEditor,
    _csrf: Csrf,
    organization_id: Annotated[int, Form()],
) -> Response:
    if user.role_in(organization_id) != "admin":
        raise PermissionDeniedError("Only an admin of the organization may accept for it.")
    try:
        partner = accept_invite(session, secret=secret, organization_id=organization_id)
    except AccountError as error:
        context = {"user": user, "secret": secret, "organizations": [], "problem": error.message}
        return admin_page(request, "invite.html", context, status=error.status)
    return RedirectResponse(f"/admin/campaigns/{partner.campaign}/tallies/partners", status_code=303)


@router.get("/campaigns/{slug}/tallies/partners", response_class=HTMLResponse)
def partner_tallies_page(request: Request, slug: str, session: SessionDep, user: PageReader) -> HTMLResponse:
    access = campaign_access(session, principal=user, slug=slug)
    tallies = partner_tallies(session, slug=slug, only=access.partner_id)
    context = {
        "user": user,
        "campaign": get_campaign(session, slug=slug),
        "tallies": tallies,
        "owner": access.owner,
        "chart": partner_chart(tallies),
        "outcome_keys": TALLY_COLUMNS,
    }
    return admin_page(request, "partner_tallies.html", context)


@router.get("/campaigns/{slug}/tallies/partners.csv", response_class=PlainTextResponse)
def partner_tallies_csv(
    slug: str, session: SessionDep, user: PageReader, table: PartnerTable = "partners"
) -> PlainTextResponse:
    access = campaign_access(session, principal=user, slug=slug)
    text = partner_csv(partner_tallies(session, slug=slug, only=access.partner_id), table=table)
    headers = {"Content-Disposition": f'attachment; filename="{slug}-by-partner-{table}.csv"'}
    return PlainTextResponse(text, media_type="text/csv; charset=utf-8", headers=headers)
