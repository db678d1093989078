"""The job queue on each backend: jobs run in a worker with the app's services; housekeeping jobs."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from app.cli import cli
from app.db import create_db_engine, session_scope
from app.migrations import upgrade_database
from app.models import LoginFailure, WebhookReceipt, utcnow
from app.settings import Settings, get_settings
from tests.jobs.support import run_job


def test_a_reconcile_job_deferred_by_one_process_runs_in_a_worker(any_database_url: str) -> None:
    upgrade_database(any_database_url)
    settings = Settings(_env_file=None, database_url=any_database_url)
    assert run_job(settings, "calls.reconcile", timestamp=0) == ["succeeded"]


def test_the_purge_job_deletes_expired_receipts_and_failed_sign_ins_only(any_database_url: str) -> None:
    upgrade_database(any_database_url)
    settings = Settings(_env_file=None, database_url=any_database_url, login_failure_window_seconds=900)
    engine = create_db_engine(any_database_url)
    now = utcnow()
    with session_scope(engine) as session:
        session.add(WebhookReceipt(token="old", created_at=now - timedelta(days=2)))
        session.add(WebhookReceipt(token="recent", created_at=now - timedelta(hours=2)))
        session.add(LoginFailure(email="a@example.org", client="c", at=now - timedelta(hours=1)))
        session.add(LoginFailure(email="b@example.org", client="c", at=now - timedelta(minutes=1)))

    assert run_job(settings, "upkeep.purge", timestamp=0) == ["succeeded"]

    with Session(engine) as session:
        assert list(session.exec(select(WebhookReceipt.token))) == ["recent"]
        assert list(session.exec(select(LoginFailure.email).order_by(col(LoginFailure.at)))) == [
            "b@example.org"
        ]
    engine.dispose()


def test_worker_refuses_sqlite_and_says_where_the_jobs_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", f"sqlite:///{tmp_path / 'unused.db'}")
    get_settings.cache_clear()
    result = CliRunner().invoke(cli, ["worker"])
    get_settings.cache_clear()
    assert result.exit_code == 1
    assert "run inside `switchboard serve`" in result.output
