"""The JSON API, version 1."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine

from app.calls.lookup_tokens import sign_lookup_token
from app.campaigns.attribution import NOBODY, Attribution, attribute_visit
from app.campaigns.store import list_campaigns
from app.civic.locating.representatives import representatives_at
from app.kernel.errors import (
    CampaignClosedError,
    CampaignNotFoundError,
    DirectoryEmptyError,
    LocationError,
    NoTargetsError,
)
from app.schemas.campaigns import CampaignList
from app.schemas.lookups import CampaignTargetsPublic, RepresentativeListPublic
from app.storage.db import session_scope
from app.web.deps import SessionDep, services_of
from app.web.responses import EncodedJSONResponse, error_responses
from app.web.routes.lean_route import LeanRoute

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.get("/campaigns", summary="Live campaigns", responses=error_responses())
def get_campaigns(session: SessionDep) -> CampaignList:
    return CampaignList.of(list_campaigns(session))


async def get_targets(
    slug: str,
    request: Request,
    address: Annotated[str, Query(description="A US street address (one line).", max_length=300)],
    name: Annotated[str, Query(description="The caller's name, for the script.", max_length=100)] = "",
    lang: Annotated[str | None, Query(description="Script language, e.g. `es`.", max_length=12)] = None,
    p: Annotated[
        str, Query(description="A partner's code: calls from this lookup count for it.", max_length=40)
    ] = "",
    src: Annotated[str, Query(description="A source code, kept with the calls.", max_length=80)] = "",
) -> EncodedJSONResponse:
    # A CampaignTargetsPublic, encoded once per answer (app/runtime/target_answers.py), its token new.
    services = services_of(request)
    answer = await services.target_answers.answer(
        services.read_models, locator=services.locator, slug=slug, address=address, name=name, language=lang
    )
    attribution = await _attribution(services.engine, slug=slug, link={"p": p, "src": src})
    secret = services.settings.secret_key.get_secret_value()
    token = sign_lookup_token(secret=secret, payload=answer.payload, attribution=attribution)
    return EncodedJSONResponse(answer.with_token(token))


async def _attribution(engine: Engine, *, slug: str, link: dict[str, str]) -> Attribution:
    """Who brought the visit, from its partner and source codes (read in a worker thread; none
    without a code, so a plain lookup reads no SQL)."""
    if not any(link.values()):
        return NOBODY
    return await run_in_threadpool(_read_attribution, engine, slug=slug, link=link)


def _read_attribution(engine: Engine, *, slug: str, link: dict[str, str]) -> Attribution:
    with session_scope(engine) as session:
        return attribute_visit(session, slug=slug, params=link)


# The warm lookup, the hottest route at a campaign's peak: FastAPI documents it; LeanRoute serves it.
router.add_api_route(
    "/campaigns/{slug}/targets",
    get_targets,
    methods=["GET"],
    summary="Targets, offices and scripts for an address",
    response_model=CampaignTargetsPublic,
    responses=error_responses(
        CampaignNotFoundError, CampaignClosedError, LocationError, DirectoryEmptyError, NoTargetsError
    ),
    route_class_override=LeanRoute,
)


@router.get(
    "/representatives",
    summary="Every current official for an address, with all their offices",
    responses=error_responses(LocationError, DirectoryEmptyError),
)
async def get_representatives(
    request: Request,
    address: Annotated[
        str, Query(description="A US street address (one line) or a 5-digit ZIP code.", max_length=300)
    ],
) -> RepresentativeListPublic:
    services = services_of(request)
    found = await representatives_at(services.read_models, locator=services.locator, address=address)
    return RepresentativeListPublic.of(found)
