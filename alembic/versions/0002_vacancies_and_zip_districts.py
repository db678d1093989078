"""vacancies and zip districts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 14:26:09.282083
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('vacancy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('chamber', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('district', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('division_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('vacant_until', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vacancy_division_id'), ['division_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancy_state'), ['state'], unique=False)

    op.create_table('zipdivision',
    sa.Column('zip', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('division_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.PrimaryKeyConstraint('zip', 'division_id')
    )


def downgrade() -> None:
    op.drop_table('zipdivision')
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vacancy_state'))
        batch_op.drop_index(batch_op.f('ix_vacancy_division_id'))

    op.drop_table('vacancy')
