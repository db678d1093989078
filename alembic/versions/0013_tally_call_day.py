"""tally_call_day: calls started and first-time callers per campaign and UTC day

Filled from tally_call_hour. The headline and the daily chart read it instead of every hour.

Revision ID: 0013_tally_call_day
Revises: 0012_tally_target_total
Create Date: 2026-12-01 09:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013_tally_call_day"
down_revision: str | None = "0012_tally_target_total"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tally_call_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.Column("new_callers", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign", "day", "language", "method", name="uq_tally_call_day"),
    )
    # Hours are stored in UTC: on SQLite as text, on PostgreSQL as timestamptz.
    day = "date(hour)" if op.get_bind().dialect.name == "sqlite" else "CAST(hour AT TIME ZONE 'UTC' AS date)"
    op.execute(
        "INSERT INTO tally_call_day (campaign, day, language, method, calls, new_callers) "
        f"SELECT campaign, {day}, language, method, sum(calls), sum(new_callers) FROM tally_call_hour "
        f"GROUP BY campaign, {day}, language, method"
    )


def downgrade() -> None:
    op.drop_table("tally_call_day")
