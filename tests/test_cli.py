"""The `switchboard` command, run in-process against a real SQLite file."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import respx
from typer.testing import CliRunner

from app.cli import cli
from app.settings import get_settings
from tests.support import CENSUS_URL, DIRECTORY_DATA, PROJECT


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    db = tmp_path / "cli.db"
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("SWITCHBOARD_CENSUS_GEOCODER_URL", CENSUS_URL)
    monkeypatch.setenv("SWITCHBOARD_CENSUS_VINTAGE", "ACS2025_Current")
    monkeypatch.setenv("SWITCHBOARD_CAMPAIGNS_DIR", str(PROJECT / "campaigns"))
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield db
    get_settings.cache_clear()


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_upgrade_sync_load_and_lookup(env: Path, census: respx.Router) -> None:
    assert run("db", "upgrade") == (0, "Database is up to date.\n")
    code, output = run("directory", "sync", "--from", str(DIRECTORY_DATA))
    assert code == 0
    assert "Reading members of Congress" in output
    assert "537 joined, 0 left, 0 moved, 0 new phone, 0 changed" in output
    assert run("campaigns", "load") == (0, "loaded grace-no-ban\nloaded ma-safe-communities\n")

    code, output = run(
        "lookup", "1 Ashburton Place, Boston, MA 02108", "--campaign", "grace-no-ban", "--name", "Ana"
    )
    assert code == 0, output
    assert "Senator Elizabeth Warren" in output
    assert "Representative Ayanna Pressley" in output
    assert "My name is Ana." in output
    assert "H.R. 2146" in output
    assert "(617)" in output

    code, output = run("lookup", "1 Ashburton Place, Boston, MA 02108")
    assert code == 0
    assert "Senator Edward J. Markey" in output
    assert "* (617)" in output, "the nearest office is marked"


def test_lookup_errors_are_messages_not_tracebacks(
    env: Path, census: respx.Router, prepared_sqlite: Path
) -> None:
    run("db", "upgrade")
    code, output = run("lookup", "1 Ashburton Place, Boston, MA 02108")
    assert code == 1
    assert "directory of legislators has not been loaded" in output
    shutil.copyfile(prepared_sqlite, env)  # a synced directory
    code, output = run("lookup", "1 Nowhere Lane, Atlantis, ZZ 00000")
    assert code == 1
    assert "couldn't find that address" in output
    assert "Traceback" not in output


def test_sync_from_a_missing_folder(env: Path) -> None:
    run("db", "upgrade")
    code, output = run("directory", "sync", "--from", str(env.parent / "nowhere"))
    assert code == 1
    assert "is not a folder" in output


def test_campaigns_load_reports_bad_files(env: Path, tmp_path: Path) -> None:
    run("db", "upgrade")
    folder = tmp_path / "campaigns"
    folder.mkdir()
    (folder / "broken.yaml").write_text(
        "title: x\ntargets: {chambers: [us-moon]}\nscripts: {en: {text: hi}}\n"
    )
    code, output = run("campaigns", "load", str(folder))
    assert code == 1
    assert "broken.yaml:2: targets.chambers.0" in output


def test_db_check_says_whether_every_migration_is_applied(env: Path) -> None:
    code, output = run("db", "check")
    assert (code, "needs `switchboard db upgrade`" in output) == (1, True)
    assert run("db", "upgrade")[0] == 0
    assert run("db", "check") == (0, "Database is up to date.\n")


@pytest.mark.parametrize(
    "command",
    [
        ("directory", "sync", "--from", str(DIRECTORY_DATA)),
        ("campaigns", "load"),
        ("lookup", "05401"),
    ],
)
def test_a_database_not_set_up_yet_gets_a_clear_message_not_a_trace(
    env: Path, command: tuple[str, ...]
) -> None:
    result = CliRunner().invoke(cli, list(command))
    assert result.exit_code == 1
    assert "The database is not set up (or not up to date): run `switchboard db upgrade`" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
