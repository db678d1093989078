"""Organizations and memberships: which accounts belong where, with which role.

An account's own role (admin, organizer, staff) caps what it may do anywhere; its role in an
organization (admin, organizer, viewer) says where. Campaigns and tokens belong to organizations
(app.campaigns.access decides who may read or change a campaign).
"""

from typing import Literal, get_args

from sqlmodel import Session, col, func, select

from app.kernel.errors import AccountError
from app.models.accounts import User
from app.models.organizations import Membership, Organization

OrgRole = Literal["admin", "organizer", "viewer"]
ORG_ROLES: tuple[OrgRole, ...] = get_args(OrgRole)
# Roles that may change an organization's campaigns; `admin` also invites and accepts partners.
EDITING_ROLES = frozenset({"admin", "organizer"})
DEFAULT_ORGANIZATION = "Default organization"
# The role in an organization an account gets from its own role when none is named.
ROLE_IN_ORGANIZATION: dict[str, OrgRole] = {"admin": "admin", "organizer": "organizer", "staff": "viewer"}


def add_organization(session: Session, *, name: str) -> Organization:
    name = " ".join(name.split())
    if not 1 <= len(name) <= 120:
        raise AccountError("An organization's name is 1 to 120 characters.")
    if find_organization(session, name=name) is not None:
        raise AccountError(f"There is already an organization called {name!r}.")
    organization = Organization(name=name)
    session.add(organization)
    session.flush()
    return organization


def find_organization(session: Session, *, name: str) -> Organization | None:
    wanted = " ".join(name.split()).lower()
    return session.exec(select(Organization).where(func.lower(Organization.name) == wanted)).first()


def require_organization(session: Session, *, name: str) -> Organization:
    organization = find_organization(session, name=name)
    if organization is None:
        raise AccountError(f"There is no organization called {name!r}.")
    return organization


def default_organization(session: Session) -> Organization:
    """The organization of campaigns loaded from files and of accounts added without one."""
    return find_organization(session, name=DEFAULT_ORGANIZATION) or add_organization(
        session, name=DEFAULT_ORGANIZATION
    )


def list_organizations(session: Session) -> list[Organization]:
    return list(session.exec(select(Organization).order_by(col(Organization.name))).all())


def set_membership(session: Session, *, user_id: int, organization_id: int, role: str) -> Membership:
    """Put an account in an organization with `role` (or change its role there)."""
    if role not in ORG_ROLES:
        raise AccountError(f"Unknown role {role!r} in an organization; use one of: {', '.join(ORG_ROLES)}.")
    membership = session.get(Membership, (user_id, organization_id)) or Membership(
        user_id=user_id, organization_id=organization_id, role=role
    )
    membership.role = role
    session.add(membership)
    session.flush()
    return membership


def remove_membership(session: Session, *, user_id: int, organization_id: int) -> None:
    membership = session.get(Membership, (user_id, organization_id))
    if membership is None:
        raise AccountError("That account is not a member of that organization.")
    session.delete(membership)


def memberships_of(session: Session, *, user_id: int) -> tuple[tuple[int, str], ...]:
    """(organization id, role) for every organization the account belongs to."""
    rows = session.exec(select(Membership).where(Membership.user_id == user_id)).all()
    return tuple(sorted((row.organization_id, row.role) for row in rows))


def members_of(session: Session, *, organization_id: int) -> list[tuple[str, str]]:
    """(email, role) of every member of an organization, by email."""
    rows = session.exec(
        select(User.email, Membership.role)
        .join(Membership, col(Membership.user_id) == col(User.id))
        .where(Membership.organization_id == organization_id)
        .order_by(col(User.email))
    ).all()
    return [(email, role) for email, role in rows]


def organization_names(session: Session, *, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(select(Organization).where(col(Organization.id).in_(ids))).all()
    return {row.id: row.name for row in rows if row.id is not None}
