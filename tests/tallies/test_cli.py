"""`switchboard tallies SLUG [--csv]` against a real SQLite file holding counters."""

import csv
import io
import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.settings import get_settings
from tests.tallies.support import record_legs, seeded_legs, tally_engine


@pytest.fixture
def db(migrated_sqlite: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    shutil.copyfile(migrated_sqlite, tmp_path / "cli.db")
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_tallies_prints_headline_targets_and_csv(db: str) -> None:
    legs = seeded_legs(datetime.now(UTC))
    with tally_engine(db) as engine:
        record_legs(engine, legs)
    code, output = run("tallies", "grace-no-ban")
    assert code == 0, output
    made = sum(1 for leg in legs if leg.outcome in ("contact", "voicemail", "unavailable", "wrong-number"))
    assert f"{len(legs)} calls started by 37 callers" in output
    assert f"{made} made of a goal of 10" in output
    assert "Elizabeth Warren" in output

    code, output = run("tallies", "grace-no-ban", "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(output)))
    assert {row["name"]: int(row["calls"]) for row in rows} == dict(Counter(leg.target_name for leg in legs))

    code, output = run("tallies", "grace-no-ban", "--csv", "--table", "states", "--chamber", "us-house")
    assert code == 0
    states = {row["state"]: int(row["calls"]) for row in csv.DictReader(io.StringIO(output))}
    assert states == dict(Counter(leg.state for leg in legs if leg.chamber == "us-house"))


def test_tallies_errors_are_messages(db: str) -> None:
    with tally_engine(db):
        pass
    code, output = run("tallies", "nope")
    assert code == 1
    assert "There is no campaign called 'nope'." in output
    code, output = run("tallies", "grace-no-ban", "--since", "last week")
    assert code == 1
    assert "is not a date like" in output
    code, output = run("tallies", "grace-no-ban", "--csv", "--table", "everything")
    assert code == 1
    assert "--table must be one of" in output
