"""`switchboard directory ...` on a real SQLite file: sync, refusal, status, history, corrections."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.settings import get_settings
from tests.directory_snapshots import member, write_committees, write_snapshot
from tests.support import PROJECT

MEMBERS = ["C001098", "C001056", "C001131", "M001242", "H001104", "L000601"]


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("SWITCHBOARD_CAMPAIGNS_DIR", str(PROJECT / "campaigns"))
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_sync_refusal_status_history_and_corrections(env: Path) -> None:
    assert run("db", "upgrade")[0] == 0
    assert run("directory", "status")[1].startswith("Directory holds the unknown Congress")
    full = write_snapshot(env / "full", [member(m) for m in MEMBERS])
    code, output = run("directory", "sync", "--from", str(full))
    assert code == 0, output
    assert "congress-legislators: 6 officials; 6 joined, 0 left, 0 moved, 0 new phone, 0 changed" in output

    truncated = write_snapshot(env / "truncated", [member("C001131"), member("L000601")])
    code, output = run("directory", "sync", "--from", str(truncated))
    assert code == 1
    assert "Sync refused: it would remove more than 50% of us-senate: 4 of 4" in output
    assert "switchboard directory sync --force" in output

    code, output = run("directory", "status")
    assert "Directory holds the 119th Congress" in output
    assert "Last synced: 0 minutes ago" in output
    code, output = run("directory", "history")
    assert code == 0, output
    lines = output.splitlines()
    assert "refused" in lines[0]
    assert "ok" in output.split("refused", 1)[1]
    assert "    congress-legislators: 6 officials; 6 joined" in output

    code, output = run(
        "directory", "override", "C001098-capitol", "--phone", "202-555-0100", "--note", "moved"
    )
    assert (code, output) == (0, "Office C001098-capitol: now called at 202-555-0100.\n")
    code, output = run("directory", "override", "M001242-capitol", "--hide", "--by", "staff@example.org")
    assert code == 0, output
    assert run("directory", "override", "nope", "--hide") == (
        1,
        "There is no office 'nope' in the directory.\n",
    )
    code, output = run("directory", "override", "C001098-capitol")
    assert code == 1
    assert "either a phone number to use or --hide" in output
    code, output = run("directory", "overrides")
    assert code == 0, output
    assert "C001098-capitol  Ted Cruz: use +12025550100 (by cli:" in output
    assert "M001242-capitol  Bernie Moreno: hidden (by staff@example.org)" in output
    assert run("directory", "override", "M001242-capitol", "--remove")[0] == 0
    assert "M001242-capitol" not in run("directory", "overrides")[1]


def test_committee_seat_corrections(env: Path) -> None:
    assert run("db", "upgrade")[0] == 0
    folder = write_committees(write_snapshot(env / "full", [member(m) for m in MEMBERS]), states=())
    code, output = run("directory", "sync", "--from", str(folder))
    assert code == 0, output
    assert "committees: " in output
    code, output = run("directory", "seat", "SSJU", "C001098", "--role", "chair", "--note", "press release")
    assert (code, output) == (0, "SSJU C001098: chair.\n")
    assert run("directory", "seat", "SXYZ", "C001098") == (
        1,
        "There is no committee 'SXYZ' in the directory.\n",
    )
    assert run("directory", "seat", "SSJU", "C001098", "--role", "boss")[0] == 1
    assert run("directory", "sync", "--from", str(folder))[0] == 0
    code, output = run("directory", "seats")
    assert "SSJU C001098 (Senate Committee on the Judiciary): chair press release" in output
    assert run("directory", "seat", "SSJU", "C001098", "--remove")[0] == 0
    assert "SSJU" not in run("directory", "seats")[1]
