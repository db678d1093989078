"""The thank-you step's opt-in: a constituent asks the campaign's organization (or partner) to keep
them updated. Nothing is sent unless the box was ticked."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from app.campaigns.spec import CampaignSpec
from app.i18n.catalog import words
from app.kernel.clock import utcnow
from app.kernel.errors import OptInInvalidError
from app.runtime.container import Services
from app.storage.db import session_scope
from app.web.deps import ServicesDep
from app.web.middleware.framing import allow_framing
from app.web.views.campaign_page import page_context
from app.web.views.pages import templates
from app.webhooks.opt_ins import OptInOffer, read_opt_in, record_opt_in

router = APIRouter(include_in_schema=False)
Small = Annotated[str, Form(max_length=300)]
Language = Annotated[str | None, Form(max_length=12)]


@router.post("/c/{slug}/opt-in", response_class=HTMLResponse)
async def opt_in_page(
    request: Request,
    slug: str,
    services: ServicesDep,
    lang: Language = None,
    opt_in: Small = "",
    name: Small = "",
    email: Small = "",
    zip: Small = "",
) -> Response:
    fields = {"opt_in": opt_in, "name": name, "email": email, "zip": zip}
    return await _opt_in(request, services, slug=slug, lang=lang, fields=fields, embed=False)


@router.post("/c/{slug}/embed/opt-in", response_class=HTMLResponse)
async def opt_in_embed(
    request: Request,
    slug: str,
    services: ServicesDep,
    lang: Language = None,
    opt_in: Small = "",
    name: Small = "",
    email: Small = "",
    zip: Small = "",
) -> Response:
    fields = {"opt_in": opt_in, "name": name, "email": email, "zip": zip}
    return await _opt_in(request, services, slug=slug, lang=lang, fields=fields, embed=True)


async def _opt_in(
    request: Request, services: Services, *, slug: str, lang: str | None, fields: dict[str, str], embed: bool
) -> Response:
    campaign, context = await run_in_threadpool(_context, services, slug=slug, lang=lang, embed=embed)
    language = str(context["language"])
    t = words(language, "ui")
    message, problem, status = t["opt_in_not_sent"], "", 200
    if fields["opt_in"] == "yes":
        try:
            offer = await run_in_threadpool(_record, services, slug=slug, fields=fields, language=language)
            message = t["opt_in_done"].replace("{name}", offer.sender_name)
        except OptInInvalidError as error:
            message = t["opt_in_error_not_offered"] if error.field == "not_offered" else ""
            problem, status = error.field, error.status
    context.update(message=message, opt_in_error=problem, opt_in_form=fields)
    response = templates.TemplateResponse(request, "opt_in.html", context, status_code=status)
    return allow_framing(response, campaign.embed_origins) if embed else response


def _record(services: Services, *, slug: str, fields: dict[str, str], language: str) -> OptInOffer:
    opt_in = read_opt_in(
        name=fields["name"], email=fields["email"], zip_code=fields["zip"], language=language
    )
    return record_opt_in(services.engine, campaign_slug=slug, opt_in=opt_in, now=utcnow())


def _context(
    services: Services, *, slug: str, lang: str | None, embed: bool
) -> tuple[CampaignSpec, dict[str, object]]:
    with session_scope(services.engine) as session:
        return page_context(session, services, slug=slug, requested=lang, remembered=None, embed=embed)
