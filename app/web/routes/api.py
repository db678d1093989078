"""The JSON API, version 1."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from app.calls.lookup_tokens import sign_lookup_token
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
) -> EncodedJSONResponse:
    # A CampaignTargetsPublic, encoded once per answer (app/runtime/target_answers.py), its token new.
    services = services_of(request)
    answer = await services.target_answers.answer(
        services.read_models, locator=services.locator, slug=slug, address=address, name=name, language=lang
    )
    token = sign_lookup_token(
        secret=services.settings.secret_key.get_secret_value(),
        campaign=answer.campaign.slug,
        target_ids=answer.target_ids,
    )
    return EncodedJSONResponse(answer.with_token(token))


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
