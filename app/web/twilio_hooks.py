"""Twilio's webhooks. Each one checks X-Twilio-Signature first; forged requests get 403."""

from typing import Annotated, Protocol

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy import Engine

from app.calls.callin import handle_inbound, handle_inbound_status, handle_zip
from app.calls.webhooks import (
    Hook,
    handle_answer,
    handle_call_status,
    handle_consent,
    handle_dialed,
    handle_fallback,
    handle_leg_status,
    handle_survey,
)
from app.civic.directory_view import current_directory
from app.container import Services
from app.errors import WebhookSignatureError
from app.settings import Settings
from app.web.db_threads import run_transaction
from app.web.deps import services_of
from app.web.twilio_signature import signature_matches
from app.web.webhook_form import form_fields

router = APIRouter(prefix="/twilio", include_in_schema=False)


class LegHandler(Protocol):
    def __call__(self, engine: Engine, *, settings: Settings, hook: Hook, position: int) -> str: ...


async def verified_params(request: Request) -> dict[str, str]:
    """The form Twilio posted, once its signature matches our public URL for this path."""
    settings = services_of(request).settings
    fields = await form_fields(request)
    url = signed_url(request, base_url=settings.public_base_url)
    token = settings.twilio_auth_token.get_secret_value()
    signature = request.headers.get("x-twilio-signature", "")
    if (
        not token
        or not signature
        or not signature_matches(token, url=url, fields=fields, signature=signature)
    ):
        raise WebhookSignatureError("This request is not signed by our Twilio account.")
    return dict(fields)


Params = Annotated[dict[str, str], Depends(verified_params)]


def signed_url(request: Request, *, base_url: str) -> str:
    """The URL Twilio requested and signed: our public base URL, the path and the query string."""
    url = base_url.rstrip("/") + request_path(request)
    query = request.scope.get("query_string", b"").decode("utf-8", errors="replace")
    return f"{url}?{query}" if query else url


def request_path(request: Request) -> str:
    """The request's path, as `request.url.path` has it, without building the whole URL."""
    path: str = request.scope["path"]
    return path.replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")


def _hook(request: Request, call_id: str, params: dict[str, str]) -> Hook:
    return Hook(call_id=call_id, params=params, path=request_path(request))


def _twiml(body: str) -> Response:
    return Response(body, media_type="application/xml")


@router.post("/calls/{call_id}/answer")
async def answer(request: Request, call_id: str, params: Params) -> Response:
    services = services_of(request)
    hook = _hook(request, call_id, params)
    return _twiml(
        await run_transaction(
            services.engine, handle_answer, services.engine, settings=services.settings, hook=hook
        )
    )


@router.post("/calls/{call_id}/status")
async def call_status(request: Request, call_id: str, params: Params) -> Response:
    services = services_of(request)
    hook = _hook(request, call_id, params)
    return _twiml(
        await run_transaction(
            services.engine, handle_call_status, services.engine, settings=services.settings, hook=hook
        )
    )


@router.post("/calls/{call_id}/fallback")
async def fallback(request: Request, call_id: str, params: Params) -> Response:
    services = services_of(request)
    hook = _hook(request, call_id, params)
    return _twiml(await run_transaction(services.engine, handle_fallback, services.engine, hook=hook))


@router.post("/calls/{call_id}/zip")
async def zip_code(request: Request, call_id: str, params: Params) -> Response:
    services = services_of(request)
    hook = _hook(request, call_id, params)
    directory = await current_directory(services.read_models)
    return _twiml(
        await run_transaction(
            services.engine,
            handle_zip,
            services.engine,
            settings=services.settings,
            hook=hook,
            directory=directory,
        )
    )


@router.post("/calls/{call_id}/legs/{position}/consent")
async def consent(request: Request, call_id: str, position: int, params: Params) -> Response:
    services = services_of(request)
    return await _leg_hook(handle_consent, services, _hook(request, call_id, params), position)


@router.post("/calls/{call_id}/legs/{position}/dialed")
async def dialed(request: Request, call_id: str, position: int, params: Params) -> Response:
    services = services_of(request)
    return await _leg_hook(handle_dialed, services, _hook(request, call_id, params), position)


@router.post("/calls/{call_id}/legs/{position}/survey")
async def survey(request: Request, call_id: str, position: int, params: Params) -> Response:
    services = services_of(request)
    return await _leg_hook(handle_survey, services, _hook(request, call_id, params), position)


@router.post("/calls/{call_id}/legs/{position}/status")
async def leg_status(request: Request, call_id: str, position: int, params: Params) -> Response:
    services = services_of(request)
    return await _leg_hook(handle_leg_status, services, _hook(request, call_id, params), position)


@router.post("/inbound/voice")
async def inbound_voice(request: Request, params: Params) -> Response:
    services = services_of(request)
    engine, settings = services.engine, services.settings
    return _twiml(await run_transaction(engine, handle_inbound, engine, settings=settings, params=params))


@router.post("/inbound/status")
async def inbound_status(request: Request, params: Params) -> Response:
    services = services_of(request)
    engine, settings = services.engine, services.settings
    return _twiml(
        await run_transaction(engine, handle_inbound_status, engine, settings=settings, params=params)
    )


async def _leg_hook(handler: LegHandler, services: Services, hook: Hook, position: int) -> Response:
    engine = services.engine
    body = await run_transaction(
        engine, handler, engine, settings=services.settings, hook=hook, position=position
    )
    return _twiml(body)
