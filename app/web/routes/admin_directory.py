"""/admin/directory: how current the directory is, its sync history, and staff corrections of offices."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.civic.directory.corrections import remove_override, set_office_hours, set_override
from app.civic.directory.line_health import clear_unhealthy
from app.civic.sync.overview import directory_overview
from app.kernel.errors import SwitchboardError
from app.web.auth import CsrfChecked, PageCorrector, PageReader, csrf_token
from app.web.deps import ServicesDep, SessionDep
from app.web.views.pages import templates

router = APIRouter(prefix="/admin/directory", include_in_schema=False)
Csrf = Annotated[None, CsrfChecked]


@router.get("", response_class=HTMLResponse)
def directory_page(
    request: Request,
    session: SessionDep,
    services: ServicesDep,
    user: PageReader,
    office: Annotated[str, Query(max_length=120)] = "",
    saved: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    return _render(request, session, services, user, form={"office_id": office}, saved=saved)


@router.post("/overrides", response_class=HTMLResponse)
def save_override(
    request: Request,
    session: SessionDep,
    services: ServicesDep,
    user: PageCorrector,
    _csrf: Csrf,
    office_id: Annotated[str, Form(max_length=120)] = "",
    phone: Annotated[str, Form(max_length=40)] = "",
    hide: Annotated[bool, Form()] = False,
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    try:
        set_override(
            session, office_id=office_id, phone=phone.strip() or None, hide=hide, note=note, by=user.label
        )
    except SwitchboardError as error:
        form = {"office_id": office_id, "phone": phone, "hide": hide, "note": note}
        field = str(error.details.get("field", ""))
        return _render(
            request, session, services, user, form=form, error=error.message, field=field, status=error.status
        )
    return RedirectResponse("/admin/directory?saved=saved", status_code=303)


@router.post("/hours", response_class=HTMLResponse)
def save_hours(
    request: Request,
    session: SessionDep,
    services: ServicesDep,
    user: PageCorrector,
    _csrf: Csrf,
    office_id: Annotated[str, Form(max_length=120)] = "",
    hours: Annotated[str, Form(max_length=300)] = "",
    time_zone: Annotated[str, Form(max_length=60)] = "",
) -> Response:
    try:
        set_office_hours(session, office_id=office_id, hours=hours, time_zone=time_zone, by=user.label)
    except SwitchboardError as error:
        form: dict[str, object] = {"hours_office_id": office_id, "hours": hours, "time_zone": time_zone}
        field = str(error.details.get("field", ""))
        return _render(
            request, session, services, user, form=form, error=error.message, field=field, status=error.status
        )
    return RedirectResponse("/admin/directory?saved=saved#hours", status_code=303)


@router.post("/health/clear", response_class=HTMLResponse)
def clear_health(
    request: Request,
    session: SessionDep,
    services: ServicesDep,
    user: PageCorrector,
    _csrf: Csrf,
    phone: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    try:
        clear_unhealthy(session, phone=phone)
    except SwitchboardError as error:
        return _render(request, session, services, user, form={}, error=error.message, status=error.status)
    return RedirectResponse("/admin/directory?saved=cleared#avoided", status_code=303)


@router.post("/overrides/remove", response_class=HTMLResponse)
def drop_override(
    request: Request,
    session: SessionDep,
    services: ServicesDep,
    user: PageCorrector,
    _csrf: Csrf,
    office_id: Annotated[str, Form(max_length=120)] = "",
) -> Response:
    try:
        remove_override(session, office_id=office_id)
    except SwitchboardError as error:
        return _render(request, session, services, user, form={}, error=error.message, status=error.status)
    return RedirectResponse("/admin/directory?saved=removed", status_code=303)


def _render(
    request: Request,
    session: SessionDep,
    services: ServicesDep,
    user: PageReader,
    *,
    form: dict[str, object],
    saved: str = "",
    error: str = "",
    field: str = "",
    status: int = 200,
) -> HTMLResponse:
    """The page; an `error` about one `field` of the correction form is shown beside that field."""
    overview = directory_overview(
        session, now=datetime.now(UTC), stale_after=services.settings.directory_stale_after
    )
    context = {
        "csrf_token": csrf_token(request),
        "user": user,
        "overview": overview,
        "form": form,
        "saved": saved,
        "error": error,
        "error_field": field,
    }
    return templates.TemplateResponse(request, "admin/directory.html", context, status_code=status)
