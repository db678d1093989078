"""data versions: one counter per kind of cached data, so every process notices a change

Revision ID: 0006_versions
Revises: 0008
Create Date: 2026-12-01 04:30:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0006_versions"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "data_version",
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("kind"),
    )
    now = datetime.now(UTC)
    op.bulk_insert(table, [{"kind": k, "version": 1, "updated_at": now} for k in ("directory", "campaigns")])


def downgrade() -> None:
    op.drop_table("data_version")
