"""Staff's tallies: the dashboard page, its CSV downloads and the JSON API.

The router is built by `tallies_router(require_staff)`: the caller decides who is staff.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, StreamingResponse

from app.campaigns.store import campaign_languages
from app.i18n.languages import language_name
from app.kernel.errors import (
    CampaignNotFoundError,
    InvalidFilterError,
    NotSignedInError,
    PermissionDeniedError,
)
from app.kernel.vocabulary import CALL_METHODS, CHAMBERS, TALLY_COLUMNS
from app.schemas.tallies import TalliesPublic
from app.tallies.exports import TABLES, LegSource, stream_legs_csv, tally_table_csv
from app.tallies.filters import TallyFilter, parse_filter
from app.tallies.office_heat import office_heat
from app.tallies.queries import TARGET_SORTS, CampaignTallies, TargetSort, campaign_tallies
from app.web.deps import ServicesDep, SessionDep
from app.web.responses import error_responses
from app.web.views.heat_map import heat_tables
from app.web.views.pages import templates
from app.web.views.tally_views import daily_chart, hourly_chart

CsvTable = Literal["targets", "states", "districts", "over-time", "legs"]
Order = Literal["asc", "desc"]
Text = Annotated[str, Query(max_length=20)]


def filters_from_query(
    since: Text = "", until: Text = "", chamber: Text = "", language: Text = "", method: Text = ""
) -> TallyFilter:
    return parse_filter(since=since, until=until, chamber=chamber, language=language, method=method)


FilterDep = Annotated[TallyFilter, Depends(filters_from_query)]


@dataclass(frozen=True)
class TargetOrder:
    sort: TargetSort
    order: Order


def target_order(sort: TargetSort = "calls", order: Order = "desc") -> TargetOrder:
    return TargetOrder(sort, order)


OrderDep = Annotated[TargetOrder, Depends(target_order)]


def tallies_router(require_staff: Callable[..., Any], *, leg_source: LegSource) -> APIRouter:
    """Every route here depends on `require_staff`; `leg_source` gives the raw legs CSV its rows."""
    router = APIRouter(dependencies=[Depends(require_staff)])

    def read(session: SessionDep, slug: str, filters: TallyFilter, order: TargetOrder) -> CampaignTallies:
        return campaign_tallies(
            session,
            slug=slug,
            filters=filters,
            now=datetime.now(UTC),
            sort=order.sort,
            descending=order.order == "desc",
        )

    @router.get(
        "/api/v1/campaigns/{slug}/tallies",
        tags=["tallies"],
        summary="A campaign's call tallies",
        responses=error_responses(
            NotSignedInError, PermissionDeniedError, CampaignNotFoundError, InvalidFilterError
        ),
    )
    def get_tallies(slug: str, session: SessionDep, filters: FilterDep, order: OrderDep) -> TalliesPublic:
        return TalliesPublic.of(read(session, slug, filters, order))

    @router.get("/admin/campaigns/{slug}/tallies", response_class=HTMLResponse, include_in_schema=False)
    def tallies_page(
        request: Request, slug: str, session: SessionDep, filters: FilterDep, order: OrderDep
    ) -> HTMLResponse:
        tallies = read(session, slug, filters, order)
        heat = office_heat(session, campaign=slug, filters=filters, now=datetime.now(UTC))
        context = {
            "tallies": tallies,
            "daily_chart": daily_chart(tallies),
            "hourly_chart": hourly_chart(tallies),
            "heat_tables": heat_tables(heat),
            "sort": order.sort,
            "order": order.order,
            "sorts": list(TARGET_SORTS),
            "outcome_keys": TALLY_COLUMNS,
            "chambers": CHAMBERS,
            "languages": [(code, language_name(code)) for code in campaign_languages(session, slug=slug)],
            "methods": CALL_METHODS,
            "tables": [*TABLES, "legs"],
        }
        return templates.TemplateResponse(request, "tallies.html", context)

    @router.get("/admin/campaigns/{slug}/tallies.csv", include_in_schema=False, response_model=None)
    def tallies_csv(
        slug: str,
        session: SessionDep,
        services: ServicesDep,
        filters: FilterDep,
        order: OrderDep,
        table: CsvTable = "targets",
    ) -> PlainTextResponse | StreamingResponse:
        tallies = read(session, slug, filters, order)  # also answers 404 for an unknown campaign
        headers = {"Content-Disposition": f'attachment; filename="{slug}-{table}.csv"'}
        if table != "legs":
            text = tally_table_csv(tallies, table=table)
            return PlainTextResponse(text, media_type="text/csv; charset=utf-8", headers=headers)
        rows = stream_legs_csv(services.engine, source=leg_source, campaign=slug, filters=filters)
        return StreamingResponse(rows, media_type="text/csv; charset=utf-8", headers=headers)

    return router
