"""Counters by outcome keep the outcomes side by side: one column per outcome, one row per bucket

tally_day, tally_target, tally_target_day and tally_target_total had one row per outcome (with
`outcome` in their unique key and a `legs` count); they now have one row per bucket and a column per
outcome (`pending` for legs with none yet), filled from the rows they had. A leg's change of outcome
then writes one row, and a dashboard reads a tenth of the rows.

Revision ID: 0014_tally_outcome_columns
Revises: 0013_tally_call_day
Create Date: 2026-12-02 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014_tally_outcome_columns"
down_revision: str | None = "0013_tally_call_day"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The outcomes and their columns as this revision knows them (app.kernel.vocabulary.TALLY_COLUMNS).
OUTCOMES = (
    "contact",
    "voicemail",
    "unavailable",
    "skipped",
    "wrong-number",
    "failed",
    "no-consent",
    "not-attempted",
    "pending",
)
COLUMNS = {outcome: outcome.replace("-", "_") for outcome in OUTCOMES}


def _text(length: int) -> sa.Column:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _dimensions(table: str) -> list[sa.Column]:
    """Each table's key and descriptive columns (everything but the counts), as revision 0013 has them."""
    day = [sa.Column("day", sa.Date(), nullable=False)]
    split = [
        sa.Column("language", _text(12), nullable=False),
        sa.Column("method", _text(12), nullable=False),
    ]
    target = [
        sa.Column("target_id", _text(80), nullable=False),
        sa.Column("target_name", _text(200), nullable=False),
        sa.Column("chamber", _text(20), nullable=False),
        sa.Column("state", _text(2), nullable=False),
        sa.Column("district", _text(60), nullable=False),
    ]
    return {
        "tally_day": [sa.Column("chamber", _text(20), nullable=False), *split, *day],
        "tally_target": [*target, *split],
        "tally_target_day": [*target, *split, *day],
        "tally_target_total": target,
    }[table]


# Each table's unique key without the outcome; the other descriptive columns follow the key.
KEYS = {
    "tally_day": ("campaign", "day", "chamber", "language", "method"),
    "tally_target": ("campaign", "target_id", "language", "method"),
    "tally_target_day": ("campaign", "day", "target_id", "language", "method"),
    "tally_target_total": ("campaign", "target_id"),
}


def _create(table: str, counts: list[sa.Column], key: tuple[str, ...]) -> None:
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign", _text(80), nullable=False),
        *_dimensions(table),
        *counts,
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(*key, name=f"uq_{table}"),
    )


def _count(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=False)


def _rebuild(table: str, *, counts: list[sa.Column], key: tuple[str, ...], fill: str) -> None:
    """Keep the rows aside, build the table anew, fill it from them with `fill` (FROM {old})."""
    old = f"{table}_before_0014"
    op.execute(f"CREATE TABLE {old} AS SELECT * FROM {table}")  # noqa: S608 (names from this file)
    op.drop_table(table)
    _create(table, counts, key)
    op.execute(fill.format(table=table, old=old))
    op.drop_table(old)


def _others(table: str, key: tuple[str, ...]) -> list[str]:
    return [column.name for column in _dimensions(table) if column.name not in key]


def upgrade() -> None:
    for table, key in KEYS.items():
        others = _others(table, key)
        sums = [f"sum(CASE WHEN outcome = '{outcome}' THEN legs ELSE 0 END)" for outcome in OUTCOMES]
        columns = ", ".join([*key, *others, "connected", *COLUMNS.values()])
        picked = ", ".join([*key, *(f"max({name})" for name in others), "sum(connected)", *sums])
        fill = f"INSERT INTO {{table}} ({columns}) SELECT {picked} FROM {{old}} GROUP BY {', '.join(key)}"
        counts = [_count("connected"), *(_count(name) for name in COLUMNS.values())]
        _rebuild(table, counts=counts, key=key, fill=fill)


def downgrade() -> None:
    """One row per outcome again; each bucket's connected legs go on its `pending` row (only sums read it)."""
    for table, key in KEYS.items():
        names = ", ".join([*key, *_others(table, key)])
        selects = [
            f"SELECT {names}, '{outcome}', {column}, "
            + ("connected" if outcome == "pending" else "0")
            + f" FROM {{old}} WHERE {column} <> 0"
            + (" OR connected <> 0" if outcome == "pending" else "")
            for outcome, column in COLUMNS.items()
        ]
        fill = f"INSERT INTO {{table}} ({names}, outcome, legs, connected) " + " UNION ALL ".join(selects)
        counts = [sa.Column("outcome", _text(16), nullable=False), _count("legs"), _count("connected")]
        _rebuild(table, counts=counts, key=(*key, "outcome"), fill=fill)
