"""Liveness and readiness probes."""

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from app.civic.directory import count_officials
from app.db import session_scope
from app.web.deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="The database answers and the directory is loaded")
def readyz(services: ServicesDep) -> Any:
    try:
        with session_scope(services.engine) as session:
            officials = count_officials(session)
    except SQLAlchemyError:
        return JSONResponse({"status": "unavailable", "code": "database_unavailable"}, status_code=503)
    if officials == 0:
        return JSONResponse({"status": "unavailable", "code": "directory_empty"}, status_code=503)
    return {"status": "ready", "officials": officials}
