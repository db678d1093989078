"""job queue: Procrastinate's tables and functions on PostgreSQL (on SQLite the queue is in memory)

Revision ID: 0007_job_queue
Revises: 0006_versions
Create Date: 2026-12-01 05:00:00

The schema is Procrastinate's own (procrastinate.schema.SchemaManager), as shipped by the locked
version. Upgrading Procrastinate means a new migration running its sql/migrations files.
"""

from collections.abc import Sequence

from alembic import op
from procrastinate.schema import SchemaManager


revision: str = "0007_job_queue"
down_revision: str | None = "0006_versions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DROP_FUNCTIONS = """
DO $$
DECLARE fn regprocedure;
BEGIN
    FOR fn IN SELECT oid::regprocedure FROM pg_proc WHERE proname LIKE 'procrastinate\\_%' LOOP
        EXECUTE 'DROP FUNCTION ' || fn || ' CASCADE';
    END LOOP;
END $$;
"""


def _run_script(sql: str) -> None:
    """Plain SQL, sent as it is (its `%` are not parameter markers)."""
    cursor = op.get_bind().connection.dbapi_connection.cursor()
    try:
        cursor.execute(sql)
    finally:
        cursor.close()


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _run_script(SchemaManager.get_schema())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    bind.exec_driver_sql(
        "DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers, "
        "procrastinate_jobs, procrastinate_workers CASCADE"
    )
    _run_script(DROP_FUNCTIONS)
    bind.exec_driver_sql(
        "DROP TYPE IF EXISTS procrastinate_job_to_defer_v1, procrastinate_job_event_type, "
        "procrastinate_job_status"
    )
