"""Liveness and readiness probes."""

from datetime import UTC, datetime

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from app.civic.directory.officials import count_officials
from app.civic.directory.status import directory_status
from app.schemas.health import Liveness, NotReady, Readiness
from app.storage.db import session_scope
from app.web.deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
def healthz() -> Liveness:
    return Liveness()


@router.get(
    "/readyz",
    summary="The database answers and the directory is loaded (`degraded`: it is stale or behind Congress)",
    response_model=Readiness,
    responses={503: {"model": NotReady, "description": "`code`: `database_unavailable`, `directory_empty`"}},
)
def readyz(services: ServicesDep) -> Readiness | JSONResponse:
    try:
        with session_scope(services.engine) as session:
            officials = count_officials(session)
            status = directory_status(
                session, now=datetime.now(UTC), stale_after=services.settings.directory_stale_after
            )
    except SQLAlchemyError:
        return _not_ready(NotReady(code="database_unavailable"))
    if officials == 0:
        return _not_ready(NotReady(code="directory_empty"))
    return Readiness.of(status, officials=officials)


def _not_ready(body: NotReady) -> JSONResponse:
    return JSONResponse(body.model_dump(), status_code=503)
