"""scheduled calls and reminders ("Call me when they open"), and the numbers that replied STOP

Revision ID: 0020_scheduled_calls
Revises: 0018_office_hours
Create Date: 2026-12-07 17:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0020_scheduled_calls"
down_revision: str | None = "0018_office_hours"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    moment = sqlmodel.sql.sqltypes.UTCDateTime
    op.create_table(
        "scheduled_call",
        sa.Column("id", text(length=40), nullable=False),
        sa.Column("campaign_slug", text(length=80), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("language", text(length=12), nullable=False),
        sa.Column("target_id", text(length=80), nullable=False),
        sa.Column("target_name", text(length=200), nullable=False),
        sa.Column("legs", sa.JSON(), nullable=False),
        sa.Column("caller_zone", text(length=64), nullable=False),
        sa.Column("due_at", moment(), nullable=False),
        sa.Column("phone_sealed", text(length=400), nullable=True),
        sa.Column("phone_hash", text(length=64), nullable=True),
        sa.Column("client_ip_hash", text(length=64), nullable=True),
        sa.Column("call_id", text(length=40), nullable=True),
        sa.Column("created_at", moment(), nullable=False),
        sa.Column("claimed_at", moment(), nullable=True),
        sa.Column("finished_at", moment(), nullable=True),
        sa.ForeignKeyConstraint(["campaign_slug"], ["campaign.slug"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_scheduled_call_campaign_slug", "scheduled_call", ["campaign_slug"])
    op.create_index("ix_scheduled_call_status", "scheduled_call", ["status"])
    op.create_index("ix_scheduled_call_due_at", "scheduled_call", ["due_at"])
    op.create_index("ix_scheduled_call_phone_hash", "scheduled_call", ["phone_hash"])
    op.create_table(
        "sms_opt_out",
        sa.Column("phone_hash", text(length=64), nullable=False),
        sa.Column("created_at", moment(), nullable=False),
        sa.PrimaryKeyConstraint("phone_hash"),
    )


def downgrade() -> None:
    op.drop_table("sms_opt_out")
    op.drop_index("ix_scheduled_call_phone_hash", table_name="scheduled_call")
    op.drop_index("ix_scheduled_call_due_at", table_name="scheduled_call")
    op.drop_index("ix_scheduled_call_status", table_name="scheduled_call")
    op.drop_index("ix_scheduled_call_campaign_slug", table_name="scheduled_call")
    op.drop_table("scheduled_call")
