"""Database tables, one module per topic. Every change comes with an Alembic migration in
alembic/versions/.

Importing this package registers every table on `SQLModel.metadata`, which Alembic compares
against the migrations: a new module of tables is listed here.
"""

from app.models import (
    accounts,
    calls,
    campaigns,
    committees,
    directory,
    organizations,
    partner_tallies,
    scheduled,
    tallies,
    versions,
    webhooks,
)

__all__ = [
    "accounts",
    "calls",
    "campaigns",
    "committees",
    "directory",
    "organizations",
    "partner_tallies",
    "scheduled",
    "tallies",
    "versions",
    "webhooks",
]
