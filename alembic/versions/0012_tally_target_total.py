"""tally_target_total: legs per campaign, target and outcome (the whole-campaign dashboard's table)

Filled from tally_target, which holds the same legs split by language and method.

Revision ID: 0012_tally_target_total
Revises: 0008_call_pacing
Create Date: 2026-12-01 08:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012_tally_target_total"
down_revision: str | None = "0008_call_pacing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tally_target_total",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("target_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("target_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("chamber", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("district", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("legs", sa.Integer(), nullable=False),
        sa.Column("connected", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign", "target_id", "outcome", name="uq_tally_target_total"),
    )
    op.execute(
        "INSERT INTO tally_target_total "
        "(campaign, target_id, outcome, target_name, chamber, state, district, legs, connected) "
        "SELECT campaign, target_id, outcome, max(target_name), max(chamber), max(state), max(district), "
        "sum(legs), sum(connected) FROM tally_target GROUP BY campaign, target_id, outcome"
    )


def downgrade() -> None:
    op.drop_table("tally_target_total")
