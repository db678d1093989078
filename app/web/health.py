"""Liveness and readiness probes."""

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from app.civic.directory import count_officials
from app.civic.directory_status import directory_status
from app.db import session_scope
from app.web.deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="The database answers and the directory is loaded (`degraded`: it is stale or behind Congress)",
)
def readyz(services: ServicesDep) -> Any:
    try:
        with session_scope(services.engine) as session:
            officials = count_officials(session)
            status = directory_status(
                session, now=datetime.now(UTC), stale_after=services.settings.directory_stale_after
            )
    except SQLAlchemyError:
        return JSONResponse({"status": "unavailable", "code": "database_unavailable"}, status_code=503)
    if officials == 0:
        return JSONResponse({"status": "unavailable", "code": "directory_empty"}, status_code=503)
    reasons = status.warnings()
    return {
        "status": "degraded" if reasons else "ready",
        "officials": officials,
        "reasons": reasons,
        "directory": {
            "congress": status.congress,
            "sitting_congress": status.sitting_congress,
            "age_seconds": int(status.age.total_seconds()) if status.age is not None else None,
        },
    }
