"""Expected failures become a clear message with a code; the unexpected never shows a trace."""

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import GeocoderBusyError, NotSignedInError, SwitchboardError
from app.i18n.catalog import problem_text, text, words
from app.i18n.languages import first_translated
from app.web.pages import LANGUAGE_COOKIE, templates

log = logging.getLogger("switchboard")


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", "")


def _respond(
    request: Request,
    status: int,
    code: str,
    message: str,
    extra: dict[str, object] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if _wants_json(request):
        body = {"code": code, "detail": message, **(extra or {})}
        return JSONResponse(body, status_code=status, headers=headers)
    language = _page_language(request)
    context = {
        "title": text(language, "ui", "sorry"),
        "message": problem_text(language, code=code, message=message),
        "code": code,
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
        return _respond(request, error.status, error.code, error.message, error.details, error_headers(error))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        problems = [
            f"{'.'.join(str(p) for p in e['loc'] if p not in ('query', 'body'))}: {e['msg']}"
            for e in error.errors()
        ]
        message = "The request is not valid: " + "; ".join(problems)
        return _respond(request, 422, "invalid_request", message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        code = "not_found" if error.status_code == 404 else f"http_{error.status_code}"
        message = "Page not found." if error.status_code == 404 else str(error.detail)
        return _respond(request, error.status_code, code, message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _respond(request, 500, "internal_error", "Something went wrong on our side. Please try again.")
