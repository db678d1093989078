"""organizations, memberships, campaign partners and tallies by partner

Every existing account, API token and campaign goes to one organization, "Default organization":
organizers and admins as its organizers, staff as its viewers, so nobody loses or gains access.

Revision ID: 0026_organizations
Revises: 0025_committees
Create Date: 2026-12-07 17:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0026_organizations"
down_revision: str | None = "0025_committees"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFAULT_ORGANIZATION = "Default organization"
Text = sqlmodel.sql.sqltypes.AutoString


def _outcome_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    names = ("connected", "contact", "voicemail", "unavailable", "skipped", "wrong_number", "failed")
    names += ("no_consent", "not_attempted", "pending")
    return [sa.Column(name, sa.Integer(), nullable=False) for name in names]


def _partner_key() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign", Text(length=80), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("source", Text(length=80), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "organization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", Text(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "membership",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("role", Text(length=20), nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("user_id", "organization_id"),
    )
    op.create_index("ix_membership_organization_id", "membership", ["organization_id"])
    op.create_table(
        "campaign_partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_slug", Text(length=80), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("code", Text(length=40), nullable=False),
        sa.Column("status", Text(length=12), nullable=False),
        sa.Column("cobrand", sa.Boolean(), nullable=False),
        sa.Column("callin_number", Text(length=20), nullable=True),
        sa.Column("invite_hash", Text(length=64), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_slug"], ["campaign.slug"]),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("callin_number"),
        sa.UniqueConstraint("campaign_slug", "code", name="uq_campaign_partner_code"),
        sa.UniqueConstraint("campaign_slug", "organization_id", name="uq_campaign_partner_org"),
        sa.UniqueConstraint("invite_hash"),
    )
    op.create_index("ix_campaign_partner_organization", "campaign_partner", ["organization_id"])
    op.create_table(
        "tally_partner_day",
        *_partner_key(),
        *_outcome_columns(),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.Column("new_callers", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign", "partner_id", "source", "day", name="uq_tally_partner_day"),
    )
    op.create_table(
        "tally_partner_target",
        *_partner_key(),
        *_outcome_columns(),
        sa.Column("target_id", Text(length=80), nullable=False),
        sa.Column("target_name", Text(length=200), nullable=False),
        sa.Column("chamber", Text(length=20), nullable=False),
        sa.Column("state", Text(length=2), nullable=False),
        sa.Column("district", Text(length=60), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "campaign", "partner_id", "source", "target_id", name="uq_tally_partner_target"
        ),
    )
    op.create_table(
        "tally_partner_caller",
        *_partner_key(),
        sa.Column("caller_key", Text(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign", "partner_id", "source", "caller_key", name="uq_tally_partner_caller"),
    )
    with op.batch_alter_table("apitoken") as batch:
        batch.add_column(sa.Column("organization_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_apitoken_organization", "organization", ["organization_id"], ["id"])
    with op.batch_alter_table("campaign") as batch:
        batch.add_column(sa.Column("organization_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("partner_leaderboard", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.create_index("ix_campaign_organization_id", ["organization_id"])
        batch.create_foreign_key("fk_campaign_organization", "organization", ["organization_id"], ["id"])
    with op.batch_alter_table("call_session") as batch:
        batch.add_column(sa.Column("partner_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("source", Text(length=80), nullable=False, server_default=""))
        batch.create_index("ix_call_session_partner_id", ["partner_id"])
        batch.create_foreign_key("fk_call_session_partner", "campaign_partner", ["partner_id"], ["id"])
    _everything_to_the_default_organization()


def _everything_to_the_default_organization() -> None:
    connection = op.get_bind()
    has_data = any(
        connection.execute(sa.text(f"SELECT 1 FROM {table} LIMIT 1")).first()  # noqa: S608 (fixed names)
        for table in ('"user"', "apitoken", "campaign")
    )
    if not has_data:
        return
    connection.execute(
        sa.text("INSERT INTO organization (name, created_at) VALUES (:name, CURRENT_TIMESTAMP)"),
        {"name": DEFAULT_ORGANIZATION},
    )
    org = connection.execute(
        sa.text("SELECT id FROM organization WHERE name = :name"), {"name": DEFAULT_ORGANIZATION}
    ).scalar_one()
    connection.execute(
        sa.text(
            'INSERT INTO membership (user_id, organization_id, role) SELECT id, :org, CASE role'
            " WHEN 'staff' THEN 'viewer' ELSE 'organizer' END FROM \"user\""
        ),
        {"org": org},
    )
    connection.execute(sa.text("UPDATE apitoken SET organization_id = :org"), {"org": org})
    connection.execute(sa.text("UPDATE campaign SET organization_id = :org"), {"org": org})


def downgrade() -> None:
    with op.batch_alter_table("call_session") as batch:
        batch.drop_constraint("fk_call_session_partner", type_="foreignkey")
        batch.drop_index("ix_call_session_partner_id")
        batch.drop_column("source")
        batch.drop_column("partner_id")
    with op.batch_alter_table("campaign") as batch:
        batch.drop_constraint("fk_campaign_organization", type_="foreignkey")
        batch.drop_index("ix_campaign_organization_id")
        batch.drop_column("partner_leaderboard")
        batch.drop_column("organization_id")
    with op.batch_alter_table("apitoken") as batch:
        batch.drop_constraint("fk_apitoken_organization", type_="foreignkey")
        batch.drop_column("organization_id")
    op.drop_table("tally_partner_caller")
    op.drop_table("tally_partner_target")
    op.drop_table("tally_partner_day")
    op.drop_index("ix_campaign_partner_organization", table_name="campaign_partner")
    op.drop_table("campaign_partner")
    op.drop_index("ix_membership_organization_id", table_name="membership")
    op.drop_table("membership")
    op.drop_table("organization")
