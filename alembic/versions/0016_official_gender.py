"""official gender (congress-legislators `bio.gender`, Open States `gender`), for gendered titles

Existing rows start unknown (""); the next directory sync sees the difference and fills it in.

Revision ID: 0016_official_gender
Revises: 0015_call_dialed_at
Create Date: 2026-12-07 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_official_gender"
down_revision: str | None = "0015_call_dialed_at"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("official") as batch:
        batch.add_column(sa.Column("gender", sa.String(length=10), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("official") as batch:
        batch.drop_column("gender")
