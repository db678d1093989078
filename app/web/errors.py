"""Expected failures become a clear message with a code; the unexpected never shows a trace."""

import logging
from collections.abc import Mapping
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from procrastinate.exceptions import ConnectorException
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.i18n.catalog import problem_text, text, words
from app.i18n.languages import first_translated
from app.kernel.errors import GeocoderBusyError, NotSignedInError, SwitchboardError
from app.schemas.errors import ErrorBody
from app.web.middleware.methods import allowed_methods
from app.web.views.pages import LANGUAGE_COOKIE, templates

log = logging.getLogger("switchboard")
# The database (or the job queue in it) not answering: restarting, unreachable, every connection
# busy, or on SQLite locked past the busy timeout. Expected, and passing: a 503 to come back.
DATABASE_DOWN = (OperationalError, PoolTimeoutError, ConnectorException)
DATABASE_RETRY_SECONDS = 10
DATABASE_DOWN_MESSAGE = "We cannot reach our database right now. Please try again in a minute."


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
    language = _page_language(request)
    context = {
        "title": text(language, "ui", "sorry"),
        "message": problem_text(language, code=body.code, message=body.detail),
        "code": body.code,
        "page_lang": language,
        "t": words(language, "ui"),
    }
    return templates.TemplateResponse(request, "message.html", context, status_code=status, headers=headers)


def _page_language(request: Request) -> str:
    """The language a page that failed was asked in, or the one the visitor picked before."""
    return first_translated(request.query_params.get("lang"), request.cookies.get(LANGUAGE_COOKIE))


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

    async def database_down(request: Request, error: Exception) -> Response:
        log.warning("database unavailable on %s %s: %s", request.method, request.url.path, error)
        body = ErrorBody(code="database_unavailable", detail=DATABASE_DOWN_MESSAGE)
        return _respond(request, 503, body, {"Retry-After": str(DATABASE_RETRY_SECONDS)})

    for kind in DATABASE_DOWN:
        app.add_exception_handler(kind, database_down)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        if _database_down(error):  # raised in a middleware, past the handlers above
            return await database_down(request, error)
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        body = ErrorBody(code="internal_error", detail="Something went wrong on our side. Please try again.")
        return _respond(request, 500, body)


def _database_down(error: BaseException) -> bool:
    """Whether `error`, or what caused it (an exception group's members too), is DATABASE_DOWN."""
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, DATABASE_DOWN):
            return True
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
        if current.__cause__ is not None:
            pending.append(current.__cause__)
    return False
