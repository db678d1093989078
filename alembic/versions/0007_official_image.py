"""official portrait URL (Open States `image`)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 04:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("official") as batch:
        batch.add_column(sa.Column("image", sa.String(length=500), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("official") as batch:
        batch.drop_column("image")
