"""Who is asking: the signed-in person (session cookie) or an API token (Authorization: Bearer).

Admin pages use the session cookie and a CSRF token on every form that changes state; the admin
JSON API takes only bearer tokens, so a browser's cookies can never be used against it.
"""

import secrets
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request

from app.accounts.service import Principal, token_principal, user_principal
from app.accounts.sessions import session_user_id
from app.campaigns.access import require_access
from app.kernel.clock import utcnow
from app.kernel.errors import CsrfError, NotSignedInError, PermissionDeniedError
from app.models.campaigns import Campaign
from app.web.deps import SessionDep

SESSION_KEY = "sid"
SESSION_CSRF = "csrf"
CSRF_FIELD = "csrf_token"


def csrf_token(request: Request) -> str:
    """This session's CSRF token (created on first use); forms send it back in `csrf_token`."""
    token = request.session.get(SESSION_CSRF)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[SESSION_CSRF] = token
    return token


async def check_csrf(request: Request) -> None:
    """Refuse a form post whose CSRF token is missing or not this session's."""
    expected = request.session.get(SESSION_CSRF)
    sent = (await request.form()).get(CSRF_FIELD)
    if (
        not isinstance(expected, str)
        or not isinstance(sent, str)
        or not secrets.compare_digest(expected, sent)
    ):
        raise CsrfError("This form has expired. Please reload the page and try again.")


def signed_in(request: Request, session: SessionDep) -> Principal:
    key = request.session.get(SESSION_KEY)
    user_id = session_user_id(session, key=key, now=utcnow()) if isinstance(key, str) else None
    principal = user_principal(session, user_id=user_id) if user_id is not None else None
    if principal is None:
        raise NotSignedInError("Please sign in.")
    return principal


def bearer(request: Request, session: SessionDep) -> Principal:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    principal = token_principal(session, token=token.strip()) if scheme.lower() == "bearer" else None
    if principal is None:
        raise NotSignedInError("Send a valid API token as `Authorization: Bearer <token>`.")
    return principal


def token_or_signed_in(request: Request, session: SessionDep) -> Principal:
    """Read-only staff views (tallies) take an API token when one is sent, else the session."""
    if request.headers.get("authorization"):
        return bearer(request, session)
    return signed_in(request, session)


def _requiring(source: Callable[..., Principal], permission: str) -> Callable[..., Principal]:
    def dependency(principal: Annotated[Principal, Depends(source)]) -> Principal:
        if not principal.may(permission):
            raise PermissionDeniedError(f"Your role ({principal.role}) may not do this.")
        return principal

    return dependency


def campaign_guard(source: Callable[..., Principal]) -> Any:
    """A router's guard: a route naming a campaign (`{slug}`) reads it only as a member of the
    organization that owns it, and changes it (any method but GET and HEAD) only as its organizer
    (app.campaigns.access). A slug no campaign has is left to the route (404, or a PUT creating it)."""

    def guard(request: Request, session: SessionDep) -> None:
        slug = request.path_params.get("slug")
        if not isinstance(slug, str) or session.get(Campaign, slug) is None:
            return
        principal = source(request, session)
        change = request.method not in ("GET", "HEAD")
        require_access(session, principal=principal, slug=slug, change=change)

    return Depends(guard)


def requiring_page(permission: str) -> Callable[..., Principal]:
    """The signed-in person, if their role allows `permission` (403 otherwise)."""
    return _requiring(signed_in, permission)


PageReader = Annotated[Principal, Depends(_requiring(signed_in, "read"))]
PageEditor = Annotated[Principal, Depends(_requiring(signed_in, "edit"))]
PageCorrector = Annotated[Principal, Depends(_requiring(signed_in, "correct"))]
ApiReader = Annotated[Principal, Depends(_requiring(bearer, "read"))]
ApiEditor = Annotated[Principal, Depends(_requiring(bearer, "edit"))]
StaffReader = _requiring(token_or_signed_in, "read")
CsrfChecked = Depends(check_csrf)
PageCampaignGuard = campaign_guard(signed_in)
ApiCampaignGuard = campaign_guard(bearer)
