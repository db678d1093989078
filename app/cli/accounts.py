"""`switchboard users` and `switchboard tokens`: who may use the admin pages and API."""

from typing import Annotated

import typer

from app.accounts.passwords import Passwords
from app.accounts.service import (
    add_user,
    create_token,
    list_tokens,
    list_users,
    remove_user,
    revoke_token,
    set_password,
)
from app.cli.work import unit_of_work
from app.settings import get_settings

users_cli = typer.Typer(help="Accounts for the admin pages.", no_args_is_help=True)
tokens_cli = typer.Typer(help="API tokens for the admin JSON API.", no_args_is_help=True)


@users_cli.command("add")
def users_add(
    email: Annotated[str, typer.Argument(help="The person's email; they sign in with it.")],
    role: Annotated[
        str, typer.Option(help="admin (every organization), organizer (edit, launch, pause) or staff (read).")
    ],
    org: Annotated[str, typer.Option(help="The organization it belongs to (default: the default one).")] = "",
    org_role: Annotated[str, typer.Option(help="Its role there: admin, organizer or viewer.")] = "",
) -> None:
    """Create an account. The password comes from SWITCHBOARD_NEW_PASSWORD or a prompt."""
    settings = get_settings()
    password = (
        settings.new_password.get_secret_value()
        if settings.new_password
        else typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    )
    with unit_of_work(settings) as (_, session):
        user = add_user(
            session,
            email=email,
            password=password,
            role=role,
            organization=org or None,
            organization_role=org_role or None,
            passwords=Passwords.from_settings(settings),
        )
        typer.echo(f"Added {user.email} ({user.role}).")


@users_cli.command("password")
def users_password(email: Annotated[str, typer.Argument(help="The account's email.")]) -> None:
    """Set a new password (SWITCHBOARD_NEW_PASSWORD or a prompt); signs the account out everywhere."""
    settings = get_settings()
    password = (
        settings.new_password.get_secret_value()
        if settings.new_password
        else typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    )
    with unit_of_work(settings) as (_, session):
        passwords = Passwords.from_settings(settings)
        changed = set_password(session, email=email, password=password, passwords=passwords).email
    typer.echo(f"Changed the password of {changed}; its sessions have ended.")


@users_cli.command("list")
def users_list() -> None:
    """List accounts: email, role and when each was created."""
    with unit_of_work() as (_, session):
        for user in list_users(session):
            typer.echo(f"{user.email}\t{user.role}\t{user.created_at:%Y-%m-%d}")


@users_cli.command("remove")
def users_remove(email: Annotated[str, typer.Argument(help="The account's email.")]) -> None:
    """Delete an account; anyone signed in with it is signed out."""
    with unit_of_work() as (_, session):
        remove_user(session, email=email)
    typer.echo(f"Removed {email.strip().lower()}.")


@tokens_cli.command("create")
def tokens_create(
    role: Annotated[str, typer.Option(help="organizer or staff.")],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "",
    org: Annotated[str, typer.Option(help="The organization it acts for (default: the default one).")] = "",
) -> None:
    """Create an API token; it is printed once, as the last line, and only its hash is kept. It
    reads and changes only its organization's campaigns."""
    with unit_of_work() as (_, session):
        row, token = create_token(session, role=role, name=name, organization=org or None)
        typer.echo(f"Created API token {row.id} ({row.role}). Store it now: it is not shown again.")
    typer.echo(token)  # only once the token is saved


@tokens_cli.command("list")
def tokens_list() -> None:
    """List API tokens (never the tokens themselves)."""
    with unit_of_work() as (_, session):
        for row in list_tokens(session):
            state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "active"
            typer.echo(f"{row.id}\t{row.role}\t{state}\t{row.created_at:%Y-%m-%d}\t{row.name}")


@tokens_cli.command("revoke")
def tokens_revoke(token_id: Annotated[int, typer.Argument(help="The token's id (see tokens list).")]) -> None:
    """Revoke an API token: it stops working at once."""
    with unit_of_work() as (_, session):
        revoke_token(session, token_id=token_id)
    typer.echo(f"Revoked API token {token_id}.")
