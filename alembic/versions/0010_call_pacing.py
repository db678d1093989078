"""call pacing: one row saying when the next bridged call may be placed, shared by every worker

Revision ID: 0008_call_pacing
Revises: 0007_job_queue
Create Date: 2026-12-01 05:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0008_call_pacing"
down_revision: str | None = "0007_job_queue"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "call_pace",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("next_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(table, [{"id": 1, "next_at": datetime.now(UTC)}])


def downgrade() -> None:
    op.drop_table("call_pace")
