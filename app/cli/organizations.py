"""`switchboard orgs`: organizations, who belongs to them, and campaigns' partners."""

from typing import Annotated

import typer
from sqlmodel import Session, select

from app.accounts.organizations import (
    add_organization,
    list_organizations,
    members_of,
    remove_membership,
    require_organization,
    set_membership,
)
from app.campaigns.partners import add_partner, partners_of
from app.campaigns.store import get_campaign
from app.cli.work import unit_of_work
from app.kernel.errors import AccountError
from app.models.accounts import User
from app.models.campaigns import Campaign

orgs_cli = typer.Typer(help="Organizations, their members and campaigns' partners.", no_args_is_help=True)
Name = Annotated[str, typer.Argument(help="The organization's name (quote it if it has spaces).")]


@orgs_cli.command("add")
def orgs_add(name: Name) -> None:
    """Create an organization."""
    with unit_of_work() as (_, session):
        organization = add_organization(session, name=name)
        typer.echo(f"Added organization {organization.id}: {organization.name}.")


@orgs_cli.command("list")
def orgs_list() -> None:
    """List organizations: id and name."""
    with unit_of_work() as (_, session):
        for organization in list_organizations(session):
            typer.echo(f"{organization.id}\t{organization.name}")


@orgs_cli.command("members")
def orgs_members(name: Name) -> None:
    """List an organization's members: email and role."""
    with unit_of_work() as (_, session):
        organization = require_organization(session, name=name)
        assert organization.id is not None
        for email, role in members_of(session, organization_id=organization.id):
            typer.echo(f"{email}\t{role}")


@orgs_cli.command("join")
def orgs_join(
    name: Name,
    email: Annotated[str, typer.Argument(help="The account's email.")],
    role: Annotated[str, typer.Option(help="admin, organizer or viewer (in this organization).")] = "viewer",
) -> None:
    """Put an account in an organization (or change its role there)."""
    with unit_of_work() as (_, session):
        organization = require_organization(session, name=name)
        user_id = _user_id(session, email=email)
        assert organization.id is not None
        set_membership(session, user_id=user_id, organization_id=organization.id, role=role)
        typer.echo(f"{email.strip().lower()} is {role} of {organization.name}.")


@orgs_cli.command("leave")
def orgs_leave(name: Name, email: Annotated[str, typer.Argument(help="The account's email.")]) -> None:
    """Take an account out of an organization."""
    with unit_of_work() as (_, session):
        organization = require_organization(session, name=name)
        assert organization.id is not None
        remove_membership(session, user_id=_user_id(session, email=email), organization_id=organization.id)
        typer.echo(f"{email.strip().lower()} left {organization.name}.")


@orgs_cli.command("own")
def orgs_own(name: Name, slug: Annotated[str, typer.Argument(help="The campaign's slug.")]) -> None:
    """Give a campaign to an organization: only its organizers edit it from now on."""
    with unit_of_work() as (_, session):
        organization = require_organization(session, name=name)
        get_campaign(session, slug=slug)  # an unknown slug exits with its message
        row = session.get(Campaign, slug)
        assert row is not None
        row.organization_id = organization.id
        session.add(row)
        typer.echo(f"{slug} now belongs to {organization.name}.")


@orgs_cli.command("partner")
def orgs_partner(
    slug: Annotated[str, typer.Argument(help="The campaign's slug.")],
    name: Name,
    code: Annotated[str, typer.Option(help="The partner's code in its link (default: from its name).")] = "",
) -> None:
    """Make an organization a partner of a campaign; prints its code."""
    with unit_of_work() as (_, session):
        get_campaign(session, slug=slug)
        partner = add_partner(session, slug=slug, organization=name, code=code)
        typer.echo(f"{partner.name} is a partner of {slug}: /c/{slug}?p={partner.code}")


@orgs_cli.command("partners")
def orgs_partners(slug: Annotated[str, typer.Argument(help="The campaign's slug.")]) -> None:
    """List a campaign's partners: code, status and organization."""
    with unit_of_work() as (_, session):
        for partner in partners_of(session, slug=slug):
            typer.echo(f"{partner.code}\t{partner.status}\t{partner.name}")


def _user_id(session: Session, *, email: str) -> int:
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user is None or user.id is None:
        raise AccountError(f"There is no account for {email.strip().lower()}.")
    return user.id
