"""The order in which pytest-xdist hands out test files (`--dist loadfile`): the longest first.

Each worker takes the next file once it is done with its own, so a long file handed out last keeps
one worker busy while the other has nothing left to do. pytest-xdist's own order (`--loadscope-
reorder`, turned off in pyproject.toml) is by number of tests, which puts the files of a few long
tests (the topology's four processes, the builder in Chromium) at the very end. Here each file
weighs what it took in the last run that ran it, kept in pytest's cache; a file not timed yet (a
fresh clone) weighs its number of tests, a browser test as ten and a topology test as thirty.
"""

from collections import defaultdict

import pytest

CACHE_KEY = "switchboard/file-seconds"
_spent: defaultdict[str, float] = defaultdict(float)


def file_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def _guess(item: pytest.Item) -> float:
    """Seconds a test takes, guessed for a file never timed (about what a quiet run measures)."""
    if file_of(item.nodeid).startswith("tests/topology/"):
        return 30.0
    return 10.0 if item.get_closest_marker("browser") else 1.0


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    timed: dict[str, float] = config.cache.get(CACHE_KEY, {}) if config.cache else {}
    guessed: defaultdict[str, float] = defaultdict(float)
    for item in items:
        guessed[file_of(item.nodeid)] += _guess(item)
    weight = {name: timed.get(name, guess) for name, guess in guessed.items()}
    items.sort(key=lambda item: -weight[file_of(item.nodeid)])  # stable: a file's own order stays


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _spent[file_of(report.nodeid)] += report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The controller (or the only process) keeps what each file took, beside older timings."""
    config = session.config
    if hasattr(config, "workerinput") or config.cache is None or not _spent:
        return
    timed: dict[str, float] = config.cache.get(CACHE_KEY, {})
    config.cache.set(CACHE_KEY, {**timed, **{name: round(s, 2) for name, s in _spent.items()}})
