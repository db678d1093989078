"""Accounts, sign-in and API tokens: who may read and change campaigns."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, get_args

from sqlalchemy import Engine
from sqlmodel import Session, col, delete, func, select, update

from app.accounts.organizations import (
    ROLE_IN_ORGANIZATION,
    default_organization,
    memberships_of,
    require_organization,
    set_membership,
)
from app.accounts.passwords import Passwords
from app.accounts.sessions import end_user_sessions
from app.kernel.clock import utcnow
from app.kernel.errors import AccountError, TooManyLoginsError
from app.models.accounts import ApiToken, LoginFailure, User
from app.models.organizations import Membership
from app.settings import Settings
from app.storage.db import session_scope, write_scope

Role = Literal["admin", "organizer", "staff"]
ROLES: tuple[Role, ...] = get_args(Role)
# What each role may do, wherever its organizations allow; an organizer can do everything staff
# can. "correct": fix a directory office's phone or hide it (/admin/directory). "manage": create
# organizations and put accounts in them (instance administrators only).
PERMISSIONS: dict[str, frozenset[str]] = {
    "staff": frozenset({"read", "correct"}),
    "organizer": frozenset({"read", "edit", "correct"}),
    "admin": frozenset({"read", "edit", "correct", "manage"}),
}
TOKEN_PREFIX = "sb_"  # noqa: S105 (a prefix that makes tokens recognizable, not a secret)
MIN_PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class Principal:
    """Who is asking: a signed-in person or an API token, with its role."""

    kind: Literal["user", "token"]
    id: int
    label: str
    role: str
    # (organization id, role there) for each organization it belongs to (a token: its one).
    memberships: tuple[tuple[int, str], ...] = ()

    def may(self, permission: str) -> bool:
        return permission in PERMISSIONS.get(self.role, frozenset())

    @property
    def is_admin(self) -> bool:
        """An instance administrator: every organization, every campaign."""
        return self.role == "admin"

    def role_in(self, organization_id: int | None) -> str | None:
        return next((role for org, role in self.memberships if org == organization_id), None)


@dataclass(frozen=True)
class LoginLimits:
    max_failures_per_email: int
    max_failures_per_client: int
    window: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> "LoginLimits":
        return cls(
            max_failures_per_email=settings.login_max_failures_per_email,
            max_failures_per_client=settings.login_max_failures_per_client,
            window=timedelta(seconds=settings.login_failure_window_seconds),
        )


def normalize_email(email: str) -> str:
    return email.strip().lower()


def add_user(
    session: Session,
    *,
    email: str,
    password: str,
    role: str,
    organization: str | None = None,
    organization_role: str | None = None,
    passwords: Passwords,
) -> User:
    """A new account in `organization` (the default one when None), with `organization_role` there
    (by default the one its own role gives: ROLE_IN_ORGANIZATION); its password hashed by `passwords`."""
    email = normalize_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError(f"{email!r} is not an email address.")
    _check_role(role)
    _check_password(password)
    if session.exec(select(User).where(User.email == email)).first() is not None:
        raise AccountError(f"There is already an account for {email}.")
    home = require_organization(session, name=organization) if organization else default_organization(session)
    user = User(email=email, password_hash=passwords.hash(password), role=role)
    session.add(user)
    session.flush()
    assert user.id is not None
    assert home.id is not None
    set_membership(
        session,
        user_id=user.id,
        organization_id=home.id,
        role=organization_role or ROLE_IN_ORGANIZATION[role],
    )
    return user


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(col(User.email))).all())


def remove_user(session: Session, *, email: str) -> None:
    """Delete an account; its sessions end with it."""
    user = _existing_user(session, email=email)
    assert user.id is not None
    end_user_sessions(session, user_id=user.id)
    session.exec(delete(Membership).where(col(Membership.user_id) == user.id))
    session.flush()
    session.delete(user)


def set_password(session: Session, *, email: str, password: str, passwords: Passwords) -> User:
    """Give an account a new password and end every session signed in with the old one."""
    user = _existing_user(session, email=email)
    _check_password(password)
    assert user.id is not None
    user.password_hash = passwords.hash(password)
    session.add(user)
    end_user_sessions(session, user_id=user.id)
    return user


def _existing_user(session: Session, *, email: str) -> User:
    user = session.exec(select(User).where(User.email == normalize_email(email))).first()
    if user is None:
        raise AccountError(f"There is no account for {normalize_email(email)}.")
    return user


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.")


def sign_in(
    engine: Engine, *, email: str, password: str, client: str, limits: LoginLimits, passwords: Passwords
) -> Principal | None:
    """The account for these credentials, or None (the failure stays recorded).

    Raises TooManyLoginsError while too many recent sign-ins failed for this email or client.
    Check and record are one step: every attempt is first committed as a failure, then the
    failures are counted, the attempt included, so concurrent guesses can never all pass the
    check; a correct password then deletes the email's failures. Runs its own transactions.
    """
    email = normalize_email(email)[:254]
    client = client[:64]
    attempt_id = _record_attempt(engine, email=email, client=client, limits=limits)
    with session_scope(engine) as session:
        refused = _too_many(session, email=email, client=client, limits=limits)
        user = session.exec(select(User).where(User.email == email)).first()
        account = None if user is None else (user.id, user.role, user.password_hash)
    if refused:
        with write_scope(engine) as session:
            session.exec(delete(LoginFailure).where(col(LoginFailure.id) == attempt_id))
        minutes = int(limits.window.total_seconds() // 60)
        raise TooManyLoginsError(f"Too many failed sign-ins. Please wait {minutes} minutes and try again.")
    if account is None:
        passwords.check_without_account(password)
        return None
    if not passwords.matches(account[2], password=password):
        return None
    user_id, role, password_hash = account
    assert user_id is not None
    with write_scope(engine) as session:
        session.exec(delete(LoginFailure).where(col(LoginFailure.email) == email))
        session.exec(delete(LoginFailure).where(col(LoginFailure.id) == attempt_id))
        if passwords.needs_rehash(password_hash):
            session.exec(
                update(User).where(col(User.id) == user_id).values(password_hash=passwords.hash(password))
            )
    return Principal(kind="user", id=user_id, label=email, role=role)


def _record_attempt(engine: Engine, *, email: str, client: str, limits: LoginLimits) -> int:
    with write_scope(engine) as session:
        # Failures older than the window no longer count: drop them so the table stays small.
        session.exec(delete(LoginFailure).where(col(LoginFailure.at) < utcnow() - limits.window))
        attempt = LoginFailure(email=email, client=client)
        session.add(attempt)
        session.flush()
        assert attempt.id is not None
        return attempt.id


def _too_many(session: Session, *, email: str, client: str, limits: LoginLimits) -> bool:
    """Whether this attempt (already recorded) is one too many for its email or its client."""
    since = utcnow() - limits.window
    recent = select(func.count()).select_from(LoginFailure).where(col(LoginFailure.at) >= since)
    by_email = session.exec(recent.where(LoginFailure.email == email)).one()
    by_client = session.exec(recent.where(LoginFailure.client == client)).one()
    return by_email > limits.max_failures_per_email or by_client > limits.max_failures_per_client


def user_principal(session: Session, *, user_id: int) -> Principal | None:
    """The signed-in person of a session, or None when the account no longer exists."""
    user = session.get(User, user_id)
    if user is None or user.id is None:
        return None
    memberships = memberships_of(session, user_id=user.id)
    return Principal(kind="user", id=user.id, label=user.email, role=user.role, memberships=memberships)


def create_token(
    session: Session, *, role: str, name: str = "", organization: str | None = None
) -> tuple[ApiToken, str]:
    """A new token row and the token itself, which is shown once and never stored. The token acts
    for `organization` (the default one when None) with the role its own role gives there."""
    _check_role(role)
    home = require_organization(session, name=organization) if organization else default_organization(session)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(name=name.strip()[:100], role=role, token_hash=_token_hash(token), organization_id=home.id)
    session.add(row)
    session.flush()
    return row, token


def token_principal(session: Session, *, token: str) -> Principal | None:
    """The principal of a bearer token, or None when it is unknown or revoked."""
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == _token_hash(token))).first()
    if row is None or row.revoked_at is not None or row.id is None:
        return None
    memberships = ((row.organization_id, ROLE_IN_ORGANIZATION[row.role]),) if row.organization_id else ()
    label = row.name or f"token {row.id}"
    return Principal(kind="token", id=row.id, label=label, role=row.role, memberships=memberships)


def revoke_token(session: Session, *, token_id: int) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise AccountError(f"There is no API token with id {token_id}.")
    row.revoked_at = row.revoked_at or utcnow()
    session.add(row)
    return row


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.exec(select(ApiToken).order_by(col(ApiToken.id))).all())


def _token_hash(token: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough (unlike passwords).
    return hashlib.sha256(token.encode()).hexdigest()


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}; use one of: {', '.join(ROLES)}.")


def purge_expired_login_failures(session: Session, *, now: datetime, window: timedelta) -> int:
    """Delete failed sign-ins older than the limits' window (they no longer count); the caller commits."""
    result = session.exec(delete(LoginFailure).where(col(LoginFailure.at) < now - window))
    return int(result.rowcount or 0)
