"""/admin/webhooks: an organization's webhook endpoints, their secrets, and the delivery log with replay."""

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.kernel.clock import utcnow
from app.kernel.errors import SwitchboardError
from app.kernel.webhook_vocabulary import WebhookEvent
from app.web.auth import CsrfChecked, PageEditor, csrf_token
from app.web.deps import ServicesDep, SessionDep
from app.web.views.pages import templates
from app.webhooks.addresses import allowed_networks
from app.webhooks.delivery import pending_count
from app.webhooks.delivery_log import delivery_log, replay_delivery
from app.webhooks.endpoints import (
    EndpointForm,
    add_endpoint,
    list_endpoints,
    rotate_secret,
    set_endpoint_enabled,
)
from app.webhooks.tenancy import acting_organization

router = APIRouter(prefix="/admin/webhooks", include_in_schema=False)
Csrf = Annotated[None, CsrfChecked]
Url = Annotated[str, Form(max_length=2000)]


@router.get("", response_class=HTMLResponse)
def webhooks_page(
    request: Request,
    session: SessionDep,
    user: PageEditor,
    saved: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    return _render(request, session, user, form={}, saved=saved)


@router.post("", response_class=HTMLResponse)
def save_endpoint(
    request: Request,
    session: SessionDep,
    services: ServicesDep,
    user: PageEditor,
    _csrf: Csrf,
    url: Url = "",
    events: Annotated[list[str] | None, Form(max_length=40)] = None,
    sender_name: Annotated[str, Form(max_length=120)] = "",
    privacy_url: Url = "",
) -> Response:
    form = EndpointForm(url=url, events=events or [], sender_name=sender_name, privacy_url=privacy_url)
    try:
        add_endpoint(
            services.engine,
            organization_id=acting_organization(user),
            form=form,
            allowed=allowed_networks(services.settings.webhook_allowed_networks),
        )
    except SwitchboardError as error:
        return _render(request, session, user, form=form.__dict__, error=error.message, status=error.status)
    return RedirectResponse("/admin/webhooks?saved=added", status_code=303)


@router.post("/{endpoint_id}/rotate", response_class=HTMLResponse)
def rotate_endpoint_secret(
    session: SessionDep, services: ServicesDep, user: PageEditor, _csrf: Csrf, endpoint_id: int
) -> Response:
    grace = timedelta(hours=services.settings.webhook_secret_grace_hours)
    organization = acting_organization(user)
    rotate_secret(session, organization_id=organization, endpoint_id=endpoint_id, grace=grace, now=utcnow())
    return RedirectResponse("/admin/webhooks?saved=rotated", status_code=303)


@router.post("/{endpoint_id}/enabled", response_class=HTMLResponse)
def enable_endpoint(
    session: SessionDep,
    user: PageEditor,
    _csrf: Csrf,
    endpoint_id: int,
    enabled: Annotated[bool, Form()] = False,
) -> Response:
    organization = acting_organization(user)
    set_endpoint_enabled(session, organization_id=organization, endpoint_id=endpoint_id, enabled=enabled)
    return RedirectResponse(f"/admin/webhooks?saved={'resumed' if enabled else 'paused'}", status_code=303)


@router.post("/deliveries/{delivery_id}/replay", response_class=HTMLResponse)
def replay(session: SessionDep, user: PageEditor, _csrf: Csrf, delivery_id: int) -> Response:
    organization = acting_organization(user)
    replay_delivery(session, organization_id=organization, delivery_id=delivery_id, now=utcnow())
    return RedirectResponse("/admin/webhooks?saved=replayed#log", status_code=303)


def _render(
    request: Request,
    session: SessionDep,
    user: PageEditor,
    *,
    form: dict[str, Any],
    saved: str = "",
    error: str = "",
    status: int = 200,
) -> HTMLResponse:
    organization = acting_organization(user)
    context = {
        "csrf_token": csrf_token(request),
        "user": user,
        "endpoints": list_endpoints(session, organization_id=organization),
        "log": delivery_log(session, organization_id=organization),
        "waiting": pending_count(session, organization_id=organization),
        "events": list(WebhookEvent),
        "form": form,
        "saved": saved,
        "error": error,
        "now": utcnow(),
    }
    return templates.TemplateResponse(request, "admin/webhooks.html", context, status_code=status)
