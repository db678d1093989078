"""The thank-you step's opt-in: a constituent asks the campaign's organization (or partner) to keep
them updated. Nothing is sent unless the box was ticked.

The form carries the visit's signed lookup token: the partner signed into it (the one whose link
brought the visit) is the one the checkbox names and the opt-in goes to; a forged, expired or
missing token names the campaign's owner."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from app.calls.lookup_tokens import signed_attribution
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
from app.webhooks.tenancy import Attribution, partner_attribution

router = APIRouter(include_in_schema=False)
Small = Annotated[str, Form(max_length=300)]
Language = Annotated[str | None, Form(max_length=12)]
Token = Annotated[str, Form(max_length=4000)]


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
    lookup: Token = "",
) -> Response:
    fields = {"opt_in": opt_in, "name": name, "email": email, "zip": zip, "lookup": lookup}
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
    lookup: Token = "",
) -> Response:
    fields = {"opt_in": opt_in, "name": name, "email": email, "zip": zip, "lookup": lookup}
    return await _opt_in(request, services, slug=slug, lang=lang, fields=fields, embed=True)


async def _opt_in(
    request: Request, services: Services, *, slug: str, lang: str | None, fields: dict[str, str], embed: bool
) -> Response:
    campaign, context, attribution = await run_in_threadpool(
        _context, services, slug=slug, lang=lang, lookup=fields["lookup"], embed=embed
    )
    language = str(context["language"])
    t = words(language, "ui")
    message, problem, status = t["opt_in_not_sent"], "", 200
    if fields["opt_in"] == "yes":
        try:
            offer = await run_in_threadpool(
                _record, services, slug=slug, fields=fields, language=language, attribution=attribution
            )
            message = t["opt_in_done"].replace("{name}", offer.sender_name)
        except OptInInvalidError as error:
            message = t["opt_in_error_not_offered"] if error.field == "not_offered" else ""
            problem, status = error.field, error.status
    context.update(message=message, opt_in_error=problem, opt_in_form=fields, lookup=fields["lookup"])
    response = templates.TemplateResponse(request, "opt_in.html", context, status_code=status)
    return allow_framing(response, campaign.embed_origins) if embed else response


def _record(
    services: Services, *, slug: str, fields: dict[str, str], language: str, attribution: Attribution
) -> OptInOffer:
    opt_in = read_opt_in(
        name=fields["name"], email=fields["email"], zip_code=fields["zip"], language=language
    )
    return record_opt_in(
        services.engine, campaign_slug=slug, opt_in=opt_in, attribution=attribution, now=utcnow()
    )


def _context(
    services: Services, *, slug: str, lang: str | None, lookup: str, embed: bool
) -> tuple[CampaignSpec, dict[str, object], Attribution]:
    """The page (its links keeping the visit's partner), its opt-in offered by the organization the
    lookup token names, and that attribution."""
    secret = services.settings.secret_key.get_secret_value()
    partner_id, source = signed_attribution(lookup, secret=secret, slug=slug)
    with session_scope(services.engine) as session:
        attribution = partner_attribution(session, partner_id=partner_id, source=source)
        link = {"p": attribution.partner or "", "src": attribution.source or ""}
        campaign, context = page_context(
            session, services, slug=slug, requested=lang, remembered=None, embed=embed, link=link
        )
        context["opt_in"] = services.opt_in_offers.offer(session, campaign_slug=slug, attribution=attribution)
    return campaign, context, attribution
