"""Twilio's webhooks. Each one checks X-Twilio-Signature first; forged requests get 403."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from twilio.request_validator import RequestValidator

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
from app.errors import WebhookSignatureError
from app.web.deps import ServicesDep

router = APIRouter(prefix="/twilio", include_in_schema=False)


async def verified_params(request: Request, services: ServicesDep) -> dict[str, str]:
    """The form Twilio posted, once its signature matches our public URL for this path."""
    settings = services.settings
    form = await request.form()
    url = settings.public_base_url.rstrip("/") + request.url.path
    if request.url.query:
        url += f"?{request.url.query}"
    token = settings.twilio_auth_token.get_secret_value()
    signature = request.headers.get("x-twilio-signature", "")
    if not token or not signature or not RequestValidator(token).validate(url, form, signature):
        raise WebhookSignatureError("This request is not signed by our Twilio account.")
    return {key: str(value) for key, value in form.items()}


Params = Annotated[dict[str, str], Depends(verified_params)]


def _hook(request: Request, call_id: str, params: dict[str, str]) -> Hook:
    return Hook(call_id=call_id, params=params, path=request.url.path)


def _twiml(body: str) -> Response:
    return Response(body, media_type="application/xml")


@router.post("/calls/{call_id}/answer")
def answer(request: Request, call_id: str, params: Params, services: ServicesDep) -> Response:
    return _twiml(handle_answer(services.engine, services.settings, _hook(request, call_id, params)))


@router.post("/calls/{call_id}/status")
def call_status(request: Request, call_id: str, params: Params, services: ServicesDep) -> Response:
    return _twiml(handle_call_status(services.engine, services.settings, _hook(request, call_id, params)))


@router.post("/calls/{call_id}/fallback")
def fallback(request: Request, call_id: str, params: Params, services: ServicesDep) -> Response:
    return _twiml(handle_fallback(services.engine, _hook(request, call_id, params)))


@router.post("/calls/{call_id}/zip")
def zip_code(request: Request, call_id: str, params: Params, services: ServicesDep) -> Response:
    hook = _hook(request, call_id, params)
    return _twiml(
        handle_zip(services.engine, services.settings, hook, directory=services.read_models.directory())
    )


@router.post("/calls/{call_id}/legs/{position}/consent")
def consent(request: Request, call_id: str, position: int, params: Params, services: ServicesDep) -> Response:
    hook = _hook(request, call_id, params)
    return _twiml(handle_consent(services.engine, services.settings, hook, position=position))


@router.post("/calls/{call_id}/legs/{position}/dialed")
def dialed(request: Request, call_id: str, position: int, params: Params, services: ServicesDep) -> Response:
    hook = _hook(request, call_id, params)
    return _twiml(handle_dialed(services.engine, services.settings, hook, position=position))


@router.post("/calls/{call_id}/legs/{position}/survey")
def survey(request: Request, call_id: str, position: int, params: Params, services: ServicesDep) -> Response:
    hook = _hook(request, call_id, params)
    return _twiml(handle_survey(services.engine, services.settings, hook, position=position))


@router.post("/calls/{call_id}/legs/{position}/status")
def leg_status(
    request: Request, call_id: str, position: int, params: Params, services: ServicesDep
) -> Response:
    hook = _hook(request, call_id, params)
    return _twiml(handle_leg_status(services.engine, services.settings, hook, position=position))


@router.post("/inbound/voice")
def inbound_voice(params: Params, services: ServicesDep) -> Response:
    return _twiml(handle_inbound(services.engine, services.settings, params=params))


@router.post("/inbound/status")
def inbound_status(params: Params, services: ServicesDep) -> Response:
    return _twiml(handle_inbound_status(services.engine, services.settings, params=params))
