"""The JSON API, version 1."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine

from app.calls.lookup_tokens import issue_lookup_token
from app.campaigns.attribution import NOBODY, Attribution, attribute_visit
from app.campaigns.lookups import campaign_targets
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
from app.web.responses import error_responses

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.get("/campaigns", summary="Live campaigns", responses=error_responses())
def get_campaigns(session: SessionDep) -> CampaignList:
    return CampaignList.of(list_campaigns(session))


@router.get(
    "/campaigns/{slug}/targets",
    summary="Targets, offices and scripts for an address",
    responses=error_responses(
        CampaignNotFoundError, CampaignClosedError, LocationError, DirectoryEmptyError, NoTargetsError
    ),
)
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
) -> CampaignTargetsPublic:
    services = services_of(request)
    result = await campaign_targets(
        services.read_models, locator=services.locator, slug=slug, address=address, name=name, language=lang
    )
    attribution = await run_in_threadpool(_attribution, services.engine, slug=slug, link={"p": p, "src": src})
    secret = services.settings.secret_key.get_secret_value()
    lookup = issue_lookup_token(secret=secret, targets=result, attribution=attribution)
    return CampaignTargetsPublic.of_lookup(result, lookup=lookup)


def _attribution(engine: Engine, *, slug: str, link: dict[str, str]) -> Attribution:
    if not any(link.values()):
        return NOBODY
    with session_scope(engine) as session:
        return attribute_visit(session, slug=slug, params=link)


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
