"""A call records when it was handed to Twilio (`dialed_at`)

Reconcile matches a call whose `calls.create` never answered (a timeout, a worker killed) to the
Twilio call created after that moment and not claimed by another call, and asks Twilio about it
once the request is surely over.

Revision ID: 0015_call_dialed_at
Revises: 0014_tally_outcome_columns
Create Date: 2026-12-07 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0015_call_dialed_at"
down_revision: str | None = "0014_tally_outcome_columns"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("call_session") as batch:
        batch.add_column(sa.Column("dialed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("call_session") as batch:
        batch.drop_column("dialed_at")
