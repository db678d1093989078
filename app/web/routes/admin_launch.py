"""Launching as a checklist: confirm what goes live, then everything to hand out (link, QR, embed);
and a new campaign started as a copy of another.

Launch, Pause and End each ask first, on a page of their own that names what changes (works
without JavaScript); the status changes themselves are the POSTs in app/web/routes/admin.py.
"""

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.campaigns.copies import duplicate_campaign
from app.campaigns.sharing import embed_snippet, public_link, qr_png, qr_svg
from app.campaigns.store import get_campaign
from app.kernel.errors import CampaignConflictError, CampaignFileError
from app.web.auth import CsrfChecked, PageCampaignGuard, PageEditor, PageReader
from app.web.deps import ServicesDep, SessionDep
from app.web.routes.admin import admin_page

router = APIRouter(prefix="/admin/campaigns", include_in_schema=False, dependencies=[PageCampaignGuard])
Action = Literal["launch", "pause", "end"]


@router.get("/{slug}/share", response_class=HTMLResponse)
def share_page(
    request: Request,
    slug: str,
    session: SessionDep,
    services: ServicesDep,
    user: PageReader,
    launched: Annotated[bool, Query()] = False,
) -> HTMLResponse:
    campaign = get_campaign(session, slug=slug)
    base = services.settings.public_base_url
    context = {
        "user": user,
        "campaign": campaign,
        "launched": launched,
        "link": public_link(base_url=base, slug=slug),
        "snippets": {
            lang: embed_snippet(base_url=base, slug=slug, language=lang) for lang in campaign.scripts
        },
        "twilio_configured": services.settings.twilio_configured,
    }
    return admin_page(request, "share.html", context)


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
