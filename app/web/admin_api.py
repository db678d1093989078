"""The admin JSON API (bearer tokens only): read, write, preview, launch and pause campaigns."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from app.campaigns.editing import set_campaign_status, update_campaign
from app.campaigns.files import campaign_yaml
from app.campaigns.lookups import campaign_targets
from app.campaigns.store import ALL_STATUSES, get_campaign, list_campaigns
from app.errors import CampaignFileError
from app.web.auth import ApiEditor, ApiReader
from app.web.deps import ServicesDep, SessionDep
from app.web.presenters import campaign_summary_json, target_list_json

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])
MAX_DEFINITION_BYTES = 100_000


@router.get("/campaigns", summary="Every campaign, whatever its status")
def admin_campaigns(session: SessionDep, _reader: ApiReader) -> dict[str, Any]:
    return {"campaigns": [campaign_summary_json(c) for c in list_campaigns(session, statuses=ALL_STATUSES)]}


@router.get("/campaigns/{slug}", summary="A campaign's full definition, as JSON and as a campaign file")
def admin_campaign(slug: str, session: SessionDep, _reader: ApiReader) -> dict[str, Any]:
    spec = get_campaign(session, slug)
    return {"campaign": spec.model_dump(mode="json"), "yaml": campaign_yaml(spec)}


@router.put(
    "/campaigns/{slug}",
    summary="Create or replace a campaign (body: a campaign file in YAML, or the same as JSON)",
)
async def put_campaign(
    request: Request, slug: str, session: SessionDep, _editor: ApiEditor
) -> dict[str, Any]:
    body = await request.body()
    if len(body) > MAX_DEFINITION_BYTES:
        raise CampaignFileError(f"A campaign definition must be under {MAX_DEFINITION_BYTES // 1000} kB.")
    text = body.decode("utf-8", errors="replace")
    spec = update_campaign(session, slug=slug, text=text)
    return campaign_summary_json(spec)


@router.post("/campaigns/{slug}/launch", summary="Make a campaign live (checked again first)")
def api_launch(slug: str, session: SessionDep, _editor: ApiEditor) -> dict[str, Any]:
    return campaign_summary_json(set_campaign_status(session, slug=slug, status="live"))


@router.post("/campaigns/{slug}/pause", summary="Pause a campaign")
def api_pause(slug: str, session: SessionDep, _editor: ApiEditor) -> dict[str, Any]:
    return campaign_summary_json(set_campaign_status(session, slug=slug, status="paused"))


@router.get("/campaigns/{slug}/preview", summary="What a constituent at an address would see, any status")
async def api_preview(
    slug: str,
    services: ServicesDep,
    _reader: ApiReader,
    address: Annotated[str, Query(max_length=300)],
    name: Annotated[str, Query(max_length=100)] = "",
    lang: Annotated[str | None, Query(max_length=12)] = None,
) -> dict[str, Any]:
    result = await campaign_targets(
        services.read_models,
        services.locator,
        slug=slug,
        address=address,
        name=name,
        language=lang,
        any_status=True,
    )
    return target_list_json(result)
