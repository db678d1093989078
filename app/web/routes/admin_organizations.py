"""/admin/organizations: instance administrators create organizations and put accounts in them."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import select

from app.accounts.organizations import (
    ORG_ROLES,
    add_organization,
    list_organizations,
    members_of,
    set_membership,
)
from app.accounts.service import Principal
from app.kernel.errors import AccountError
from app.models.accounts import User
from app.web.auth import CsrfChecked, requiring_page
from app.web.deps import SessionDep
from app.web.routes.admin import admin_page

router = APIRouter(prefix="/admin/organizations", include_in_schema=False)
Manager = Annotated[Principal, Depends(requiring_page("manage"))]
Csrf = Annotated[None, CsrfChecked]


@router.get("", response_class=HTMLResponse)
def organizations_page(
    request: Request, session: SessionDep, user: Manager, problem: str = ""
) -> HTMLResponse:
    organizations = [
        (org, members_of(session, organization_id=org.id)) for org in list_organizations(session) if org.id
    ]
    context = {"user": user, "organizations": organizations, "roles": ORG_ROLES, "problem": problem}
    return admin_page(request, "organizations.html", context, status=422 if problem else 200)


@router.post("", response_class=HTMLResponse)
def create(
    request: Request,
    session: SessionDep,
    user: Manager,
    _csrf: Csrf,
    name: Annotated[str, Form(max_length=200)],
) -> Response:
    try:
        add_organization(session, name=name)
    except AccountError as error:
        return organizations_page(request, session, user, problem=error.message)
    return RedirectResponse("/admin/organizations", status_code=303)


@router.post("/{organization_id}/members", response_class=HTMLResponse)
def add_member(
    request: Request,
    organization_id: int,
    session: SessionDep,
    user: Manager,
    _csrf: Csrf,
    email: Annotated[str, Form(max_length=254)],
    role: Annotated[str, Form(max_length=20)],
) -> Response:
    account = session.exec(select(User).where(User.email == email.strip().lower())).first()
    try:
        if account is None or account.id is None:
            raise AccountError(f"There is no account for {email.strip().lower()}.")
        set_membership(session, user_id=account.id, organization_id=organization_id, role=role)
    except AccountError as error:
        return organizations_page(request, session, user, problem=error.message)
    return RedirectResponse("/admin/organizations", status_code=303)
