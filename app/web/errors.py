"""Expected failures become a clear message with a code; the unexpected never shows a trace."""

import logging
from collections.abc import Mapping
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import GeocoderBusyError, NotSignedInError, SwitchboardError
from app.schemas.errors import ErrorBody
from app.web.methods import allowed_methods
from app.web.pages import templates

log = logging.getLogger("switchboard")


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", "")


def _respond(
    request: Request,
    status: int,
    body: ErrorBody,
    headers: Mapping[str, str] | None = None,
) -> Response:
    if _wants_json(request):
        return JSONResponse(
            body.model_dump(mode="json", exclude_none=True), status_code=status, headers=headers
        )
    return templates.TemplateResponse(
        request,
        "message.html",
        {"title": "Sorry", "message": body.detail},
        status_code=status,
        headers=headers,
    )


def error_headers(error: SwitchboardError) -> dict[str, str] | None:
    """Retry-After on a 503 that knows when to come back."""
    if isinstance(error, GeocoderBusyError):
        return {"Retry-After": str(error.retry_after_seconds)}
    return None


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SwitchboardError)
    async def switchboard_error(request: Request, error: SwitchboardError) -> Response:
        if isinstance(error, NotSignedInError) and not _wants_json(request):
            return RedirectResponse(f"/admin/login?next={quote(request.url.path)}", status_code=303)
        body = ErrorBody.model_validate({**error.details, "code": error.code, "detail": error.message})
        return _respond(request, error.status, body, error_headers(error))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        problems = [
            f"{'.'.join(str(p) for p in e['loc'] if p not in ('query', 'body'))}: {e['msg']}"
            for e in error.errors()
        ]
        message = "The request is not valid: " + "; ".join(problems)
        return _respond(request, 422, ErrorBody(code="invalid_request", detail=message))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        code = "not_found" if error.status_code == 404 else f"http_{error.status_code}"
        message = "Page not found." if error.status_code == 404 else str(error.detail)
        headers = dict(error.headers or {})
        if error.status_code == 405:
            headers["Allow"] = allowed_methods(request)
        return _respond(request, error.status_code, ErrorBody(code=code, detail=message), headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        body = ErrorBody(code="internal_error", detail="Something went wrong on our side. Please try again.")
        return _respond(request, 500, body)
