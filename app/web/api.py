"""The JSON API, version 1."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from app.calls.lookup_tokens import issue_lookup_token
from app.campaigns.lookups import campaign_targets, representatives_at
from app.campaigns.store import list_campaigns
from app.web.deps import ServicesDep, SessionDep
from app.web.presenters import campaign_summary_json, representative_list_json, target_list_json

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.get("/campaigns", summary="Live campaigns")
def get_campaigns(session: SessionDep) -> dict[str, Any]:
    return {"campaigns": [campaign_summary_json(c) for c in list_campaigns(session)]}


@router.get("/campaigns/{slug}/targets", summary="Targets, offices and scripts for an address")
async def get_targets(
    slug: str,
    services: ServicesDep,
    address: Annotated[str, Query(description="A US street address (one line).", max_length=300)],
    name: Annotated[str, Query(description="The caller's name, for the script.", max_length=100)] = "",
    lang: Annotated[str | None, Query(description="Script language, e.g. `es`.", max_length=12)] = None,
) -> dict[str, Any]:
    result = await campaign_targets(
        services.read_models, services.locator, slug=slug, address=address, name=name, language=lang
    )
    secret = services.settings.secret_key.get_secret_value()
    return {**target_list_json(result), "lookup": issue_lookup_token(secret=secret, targets=result)}


@router.get("/representatives", summary="Every current official for an address, with all their offices")
async def get_representatives(
    services: ServicesDep,
    address: Annotated[
        str, Query(description="A US street address (one line) or a 5-digit ZIP code.", max_length=300)
    ],
) -> dict[str, Any]:
    return representative_list_json(
        await representatives_at(services.read_models, services.locator, address=address)
    )
