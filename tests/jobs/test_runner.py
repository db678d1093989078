"""The job queue on each backend: jobs run in a worker with the app's services; housekeeping jobs."""

from datetime import timedelta
from pathlib import Path

import pytest
from procrastinate import App
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from app.civic.directory.officials import count_officials
from app.civic.sync.runs import sync_history
from app.cli import cli
from app.jobs.runner import build_job_app, periodic_turn
from app.kernel.clock import utcnow
from app.models.accounts import LoginFailure
from app.models.calls import WebhookReceipt
from app.settings import Settings, get_settings
from app.storage.db import create_db_engine, session_scope
from tests.directory_snapshots import member, write_snapshot
from tests.jobs.support import run_job


def test_a_reconcile_job_deferred_by_one_process_runs_in_a_worker(migrated_url: str) -> None:
    settings = Settings(_env_file=None, database_url=migrated_url)
    assert run_job(settings, "calls.reconcile", timestamp=0) == ["succeeded"]


def test_the_purge_job_deletes_expired_receipts_and_failed_sign_ins_only(migrated_url: str) -> None:
    settings = Settings(_env_file=None, database_url=migrated_url, login_failure_window_seconds=900)
    engine = create_db_engine(migrated_url)
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


def test_the_scheduled_directory_sync_job_syncs_once_per_slot(migrated_url: str, tmp_path: Path) -> None:
    folder = write_snapshot(tmp_path / "snapshot", [member(m) for m in ("C001098", "C001056", "M001242")])
    settings = Settings(_env_file=None, database_url=migrated_url, directory_source=str(folder))

    assert run_job(settings, "directory.sync", timestamp=0) == ["succeeded"]
    # The second tick in the same slot succeeds without syncing (PostgreSQL's queue lists both runs).
    assert set(run_job(settings, "directory.sync", timestamp=0)) == {"succeeded"}

    engine = create_db_engine(migrated_url)
    with Session(engine) as session:
        assert [(r.trigger, r.status) for r in sync_history(session)] == [("scheduled", "ok")]
        assert count_officials(session) == 3 + 2  # the members, and the snapshot's two MA legislators
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


def test_on_sqlite_one_serve_process_at_a_time_defers_the_periodic_jobs(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'serve.db'}")
    with periodic_turn(settings) as first:
        with periodic_turn(settings) as second:
            assert (first, second) == (True, False)
        assert "calls.reconcile" not in periodic_names(build_job_app(settings, periodic=second))
        assert "calls.reconcile" in periodic_names(build_job_app(settings, periodic=first))
    with periodic_turn(settings) as after_the_first_stopped:
        assert after_the_first_stopped


def test_on_postgresql_every_worker_may_defer_them() -> None:
    settings = Settings(_env_file=None, database_url="postgresql+psycopg://switchboard@127.0.0.1:1/none")
    with periodic_turn(settings) as first, periodic_turn(settings) as second:
        assert (first, second) == (True, True)


def periodic_names(job_app: App) -> set[str]:
    return {task.task.name for task in job_app.periodic_registry.periodic_tasks.values()}


def test_periodic_jobs_can_be_retimed_by_name_and_a_wrong_name_is_refused() -> None:
    retimed = Settings(_env_file=None, job_schedules={"calls.reconcile": "*/5 * * * *"})
    crons = {t.task.name: t.cron for t in build_job_app(retimed).periodic_registry.periodic_tasks.values()}
    assert crons["calls.reconcile"] == "*/5 * * * *"
    assert crons["upkeep.purge"] == "7 * * * *"
    with pytest.raises(ValueError, match=r"names no periodic job: calls\.place"):
        build_job_app(Settings(_env_file=None, job_schedules={"calls.place": "* * * * *"}))
