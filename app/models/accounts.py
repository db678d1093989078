"""Who signs in to the admin pages: users, API tokens, admin sessions and failed sign-ins."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.kernel.clock import utcnow


class User(SQLModel, table=True):
    """A person who signs in to the admin pages: an instance `admin`, an `organizer` or `staff`.

    The role caps what the account may do anywhere; its memberships (app/models/organizations.py)
    say in which organizations it may do it."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, index=True, max_length=254)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=20)
    created_at: datetime = Field(default_factory=utcnow)


class ApiToken(SQLModel, table=True):
    """A bearer token for automation; only its SHA-256 hash is stored."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(default="", max_length=100)
    role: str = Field(max_length=20)
    token_hash: str = Field(unique=True, index=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    # The organization the token acts for: it reads and changes only that organization's campaigns.
    organization_id: int | None = Field(default=None, foreign_key="organization.id")


class AdminSession(SQLModel, table=True):
    """A signed-in admin session; the cookie holds its key, only the key's SHA-256 is stored here."""

    __tablename__ = "admin_session"

    key_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)


class LoginFailure(SQLModel, table=True):
    """A failed sign-in, kept so the rate limit holds across processes and restarts."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, max_length=254)
    client: str = Field(index=True, max_length=64)
    at: datetime = Field(default_factory=utcnow, index=True)
