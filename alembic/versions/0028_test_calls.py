"""an organizer's test calls: the staff account that placed one (test calls per account per hour),
and a leg's script, which a test call's rehearsal reads out

Existing calls were placed by no staff account and keep no script.

Revision ID: 0028_test_calls
Revises: 0027_office_health
Create Date: 2026-12-09 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028_test_calls"
down_revision: str | None = "0027_office_health"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("call_session") as batch:
        batch.add_column(sa.Column("placed_by", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_call_session_placed_by"), ["placed_by"], unique=False)
    with op.batch_alter_table("call_leg") as batch:
        batch.add_column(sa.Column("script", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("call_leg") as batch:
        batch.drop_column("script")
    with op.batch_alter_table("call_session") as batch:
        batch.drop_index(batch.f("ix_call_session_placed_by"))
        batch.drop_column("placed_by")
