"""office hours as the office publishes them (congress-legislators `hours`), read at lookup time

Existing rows start with none (""): their offices keep default hours until the next directory
sync fills the text in.

Revision ID: 0018_office_hours
Revises: 0017_report_inflation
Create Date: 2026-12-07 15:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_office_hours"
down_revision: str | None = "0017_report_inflation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("office") as batch:
        batch.add_column(sa.Column("hours", sa.String(length=300), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("office") as batch:
        batch.drop_column("hours")
