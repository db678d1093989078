"""the moment of the call: each <Dial> try recorded, a leg's offices to try in turn, office numbers
marked unhealthy (a full mailbox), the `mailbox-full` outcome's counters, staff-set office hours

Existing legs keep their one office (`offices` empty: no other office to try); the data version
`office-health` tells every process when a number is marked or cleared.

Revision ID: 0027_office_health
Revises: 0026_organizations
Create Date: 2026-12-07 17:30:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0027_office_health"
down_revision: str | None = "0026_organizations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OUTCOME_TABLES = (
    "tally_day",
    "tally_target",
    "tally_target_day",
    "tally_target_total",
    "tally_partner_day",
    "tally_partner_target",
)
HEALTH_VERSION = "office-health"


def _text(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    with op.batch_alter_table("call_leg") as batch:
        batch.add_column(sa.Column("offices", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("attempt", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "call_try",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", _text(40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("target_id", _text(80), nullable=False),
        sa.Column("office_phone", _text(20), nullable=False),
        sa.Column("dial_call_status", _text(20), nullable=True),
        sa.Column("outcome", _text(20), nullable=True),
        sa.Column("duration_seconds", sa.Integer(), nullable=True),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("ended_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["session_id"], ["call_session.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", "position", "attempt"),
    )
    with op.batch_alter_table("call_try") as batch:
        batch.create_index(batch.f("ix_call_try_session_id"), ["session_id"], unique=False)
        batch.create_index(batch.f("ix_call_try_office_phone"), ["office_phone"], unique=False)
        batch.create_index(batch.f("ix_call_try_started_at"), ["started_at"], unique=False)
    op.create_table(
        "office_health",
        sa.Column("phone", _text(20), nullable=False),
        sa.Column("strikes", sa.Integer(), nullable=False),
        sa.Column("unhealthy_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_reported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("reason", _text(20), nullable=False),
        sa.PrimaryKeyConstraint("phone"),
    )
    with op.batch_alter_table("office_health") as batch:
        batch.create_index(batch.f("ix_office_health_unhealthy_until"), ["unhealthy_until"], unique=False)
    with op.batch_alter_table("office_override") as batch:
        batch.add_column(sa.Column("hours", _text(300), nullable=True))
        batch.add_column(sa.Column("time_zone", _text(60), nullable=True))
    for table in OUTCOME_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("mailbox_full", sa.Integer(), nullable=False, server_default="0"))
    versions = sa.table(
        "data_version",
        sa.column("kind", sa.String()),
        sa.column("version", sa.Integer()),
        sa.column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime()),
    )
    op.bulk_insert(versions, [{"kind": HEALTH_VERSION, "version": 1, "updated_at": datetime.now(UTC)}])


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM data_version WHERE kind = :kind").bindparams(kind=HEALTH_VERSION))
    for table in OUTCOME_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("mailbox_full")
    with op.batch_alter_table("office_override") as batch:
        batch.drop_column("time_zone")
        batch.drop_column("hours")
    op.drop_table("office_health")
    op.drop_table("call_try")
    with op.batch_alter_table("call_leg") as batch:
        batch.drop_column("attempt")
        batch.drop_column("offices")
