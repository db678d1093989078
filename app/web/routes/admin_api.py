"""The admin JSON API (bearer tokens only): read, write, preview, launch and pause campaigns."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from app.campaigns.access import home_organization, visible_campaigns
from app.campaigns.editing import set_campaign_status, update_campaign
from app.campaigns.files import MAX_FILE_BYTES, campaign_yaml
from app.campaigns.lookups import campaign_targets
from app.campaigns.store import ALL_STATUSES, get_campaign
from app.kernel.errors import (
    CampaignConflictError,
    CampaignFileError,
    CampaignNotFoundError,
    DirectoryEmptyError,
    LocationError,
    NoTargetsError,
    NotSignedInError,
    PermissionDeniedError,
)
from app.schemas.campaigns import CampaignDefinition, CampaignList, CampaignSummary
from app.schemas.lookups import TargetPreviewPublic
from app.web.auth import ApiCampaignGuard, ApiEditor, ApiReader
from app.web.deps import ServicesDep, SessionDep
from app.web.openapi import CAMPAIGN_FILE_BODY
from app.web.responses import WITH_BODY, error_responses

router = APIRouter(prefix="/api/v1/admin", tags=["admin"], dependencies=[ApiCampaignGuard])
TOKEN = (NotSignedInError, PermissionDeniedError)


@router.get("/campaigns", summary="Every campaign, whatever its status", responses=error_responses(*TOKEN))
def admin_campaigns(session: SessionDep, reader: ApiReader) -> CampaignList:
    return CampaignList.of(visible_campaigns(session, principal=reader, statuses=ALL_STATUSES))


@router.get(
    "/campaigns/{slug}",
    summary="A campaign's full definition, as JSON and as a campaign file",
    responses=error_responses(*TOKEN, CampaignNotFoundError),
)
def admin_campaign(slug: str, session: SessionDep, _reader: ApiReader) -> CampaignDefinition:
    spec = get_campaign(session, slug=slug)
    return CampaignDefinition(campaign=spec, yaml=campaign_yaml(spec))


async def campaign_text(request: Request) -> str:
    """The PUT's body as text (read on the event loop; it is parsed by the route, in a worker thread)."""
    body = await request.body()
    if len(body) > MAX_FILE_BYTES:
        raise CampaignFileError(f"A campaign definition must be under {MAX_FILE_BYTES / 1_000_000:g} MB.")
    return body.decode("utf-8", errors="replace")


@router.put(
    "/campaigns/{slug}",
    summary="Create or replace a campaign (body: a campaign file in YAML, or the same as JSON)",
    responses=error_responses(*TOKEN, CampaignFileError, CampaignConflictError, extra=WITH_BODY),
    openapi_extra=CAMPAIGN_FILE_BODY,
)
def put_campaign(
    slug: str, session: SessionDep, editor: ApiEditor, text: Annotated[str, Depends(campaign_text)]
) -> CampaignSummary:
    owner = home_organization(editor)
    return CampaignSummary.of(update_campaign(session, slug=slug, text=text, organization_id=owner))


@router.post(
    "/campaigns/{slug}/launch",
    summary="Make a campaign live (checked again first)",
    responses=error_responses(*TOKEN, CampaignNotFoundError, CampaignFileError),
)
def api_launch(slug: str, session: SessionDep, _editor: ApiEditor) -> CampaignSummary:
    return CampaignSummary.of(set_campaign_status(session, slug=slug, status="live"))


@router.post(
    "/campaigns/{slug}/pause",
    summary="Pause a campaign",
    responses=error_responses(*TOKEN, CampaignNotFoundError),
)
def api_pause(slug: str, session: SessionDep, _editor: ApiEditor) -> CampaignSummary:
    return CampaignSummary.of(set_campaign_status(session, slug=slug, status="paused"))


@router.get(
    "/campaigns/{slug}/preview",
    summary="What a constituent at an address would see, any status",
    responses=error_responses(
        *TOKEN, CampaignNotFoundError, LocationError, DirectoryEmptyError, NoTargetsError
    ),
)
async def api_preview(
    slug: str,
    services: ServicesDep,
    _reader: ApiReader,
    address: Annotated[str, Query(max_length=300)],
    name: Annotated[str, Query(max_length=100)] = "",
    lang: Annotated[str | None, Query(max_length=12)] = None,
) -> TargetPreviewPublic:
    result = await campaign_targets(
        services.read_models,
        locator=services.locator,
        slug=slug,
        address=address,
        name=name,
        language=lang,
        any_status=True,
    )
    return TargetPreviewPublic.of_preview(result)
