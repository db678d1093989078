"""committees of Congress and the state legislatures, their members, and staff corrections of seats

Revision ID: 0025_committees
Revises: 0024_campaign_revisions
Create Date: 2026-12-07 17:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0025_committees"
down_revision: str | None = "0024_campaign_revisions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "committee",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("chamber", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("parent_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_committee_state", "committee", ["state"])
    op.create_table(
        "committee_member",
        sa.Column("committee_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("official_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("committee_id", "official_id"),
    )
    op.create_index("ix_committee_member_official_id", "committee_member", ["official_id"])
    op.create_table(
        "committee_override",
        sa.Column("committee_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("official_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("upstream_role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("upstream_changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("committee_id", "official_id"),
    )


def downgrade() -> None:
    op.drop_table("committee_override")
    op.drop_index("ix_committee_member_official_id", table_name="committee_member")
    op.drop_table("committee_member")
    op.drop_index("ix_committee_state", table_name="committee")
    op.drop_table("committee")
