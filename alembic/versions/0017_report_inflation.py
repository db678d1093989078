"""A self-reported leg names the lookup that showed its target: one report per lookup and target

`call_leg.lookup_key` (the digest of the signed lookup token, app.calls.lookup_tokens) with a
unique index on (lookup_key, target_id), so one lookup cannot report a target twice however many
browsers or processes send it. Placed calls' legs have no lookup (NULL), which a unique index never
compares.

Revision ID: 0017_report_inflation
Revises: 0016_official_gender
Create Date: 2026-12-07 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0017_report_inflation"
down_revision: str | None = "0016_official_gender"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("call_leg", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("lookup_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.create_index("ix_call_leg_lookup_target", ["lookup_key", "target_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("call_leg", schema=None) as batch_op:
        batch_op.drop_index("ix_call_leg_lookup_target")
        batch_op.drop_column("lookup_key")
