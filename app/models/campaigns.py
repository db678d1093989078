"""Campaigns as stored: the definition loaded from a file or saved from the admin pages."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from app.kernel.clock import utcnow


class Campaign(SQLModel, table=True):
    """A campaign as loaded from a file or saved from the admin pages; `spec` is its full definition."""

    slug: str = Field(primary_key=True, max_length=80)
    title: str = Field(max_length=200)
    status: str = Field(default="draft", max_length=20)
    source: str = Field(default="file", max_length=200)
    spec: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)
    # The campaign file's text as last written (comments kept); "" until first saved from a file or form.
    definition: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # Moves by one at every save; a form saved on top of an older revision is refused.
    revision: int = Field(default=1)
    updated_by: str = Field(default="", max_length=254)
    # The organization that owns it (app.accounts.organizations); only its organizers edit it.
    organization_id: int | None = Field(default=None, foreign_key="organization.id", index=True)
    # The owner's choice: a public page ranks the campaign's partners by calls (/c/SLUG/partners).
    partner_leaderboard: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
