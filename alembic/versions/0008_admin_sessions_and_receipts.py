"""admin sessions on the server; webhook receipts without phone numbers

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "admin_session",
        sa.Column("key_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("key_hash"),
    )
    op.create_index(op.f("ix_admin_session_user_id"), "admin_session", ["user_id"], unique=False)
    op.create_index(op.f("ix_admin_session_expires_at"), "admin_session", ["expires_at"], unique=False)
    # Receipts written before this revision may hold a caller's number in a <Dial callerId>;
    # they only matter while a call runs, so none is worth keeping.
    op.execute("DELETE FROM webhook_receipt")


def downgrade() -> None:
    op.drop_index(op.f("ix_admin_session_expires_at"), table_name="admin_session")
    op.drop_index(op.f("ix_admin_session_user_id"), table_name="admin_session")
    op.drop_table("admin_session")
