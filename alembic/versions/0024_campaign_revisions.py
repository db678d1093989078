"""campaigns keep their file's text (comments included), a revision number and who changed them last

The builder refuses a save made on top of an older revision ("changed by … at …; reload") and edits
the stored text in place, so a campaign file's comments survive a change made in the form.
Existing rows start at revision 1 with no text (it is written from their definition when edited).

Revision ID: 0024_campaign_revisions
Revises: 0022_webhooks
Create Date: 2026-12-07 17:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024_campaign_revisions"
down_revision: str | None = "0022_webhooks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("campaign") as batch:
        batch.add_column(sa.Column("definition", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("updated_by", sa.String(length=254), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("campaign") as batch:
        batch.drop_column("updated_by")
        batch.drop_column("revision")
        batch.drop_column("definition")
