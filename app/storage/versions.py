"""Versions of rarely-changing data, and the per-process readers that follow them.

The directory and the campaigns are read on every request but change rarely. Each process keeps
them (or caches derived from them) in memory and re-reads a version counter from the database at
most every few seconds: every sync that changes something and every campaign save bumps the
counter in its own transaction, so every process and instance switches within `check_every`
seconds of the commit.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Generic, Literal, TypeVar

from sqlalchemy import Engine, update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from app.kernel.clock import utcnow
from app.models.versions import DataVersion

DataKind = Literal["directory", "campaigns", "office-health"]
DIRECTORY: DataKind = "directory"
CAMPAIGNS: DataKind = "campaigns"
# Office numbers marked unhealthy or cleared (app.civic.directory.line_health).
OFFICE_HEALTH: DataKind = "office-health"
DEFAULT_CHECK_SECONDS = 2.0
log = logging.getLogger("switchboard")
T = TypeVar("T")


def bump_version(session: Session, *, kind: DataKind) -> None:
    """Mark `kind` as changed, inside the caller's transaction (seen by others once it commits)."""
    session.execute(
        update(DataVersion)
        .where(col(DataVersion.kind) == kind)
        .values(version=col(DataVersion.version) + 1, updated_at=utcnow())
    )


def read_version(session: Session, *, kind: DataKind) -> int:
    version = session.exec(select(DataVersion.version).where(col(DataVersion.kind) == kind)).first()
    return version or 0


class VersionWatch:
    """The version of one kind of data as this process last read it, re-read at most every `check_every` s.

    One check at a time: the first reader to find a check due (`recent()` answers it None) is the
    one to make it (`current()`, from a worker thread on the event loop's behalf); until it does,
    for up to `check_every` s, the other readers keep the version last read. At a warm peak every
    lookup in flight found the check due at once (~30 of them, in one turn of the event loop, before
    any thread ran) and each hopped to a worker thread to read the versions again, every 2 s: 6-25 ms
    added to each (measured beside other work)."""

    def __init__(
        self,
        engine: Engine,
        *,
        kind: DataKind,
        check_every: float = DEFAULT_CHECK_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.kind = kind
        self._check_every = check_every
        self._clock = clock
        self._lock = threading.Lock()
        self._last_read: tuple[float, int] | None = None  # (when, version), replaced whole
        self._check_since: float | None = None  # when the check under way was claimed

    def recent(self) -> int | None:
        """The version, if it was read less than `check_every` s ago or another reader's check is
        under way; None when a check is due, and then the caller is to make it (`current()`)."""
        last = self._last_read
        if last is None:
            return None
        now = self._clock()
        if now - last[0] < self._check_every:
            return last[1]
        claimed = self._check_since
        if claimed is not None and now - claimed < self._check_every:
            return last[1]
        self._check_since = now  # a claim never made good (its caller gone) lapses after check_every
        return None

    def current(self) -> int:
        """The version, re-read when a check is due.

        When the database does not answer, the version last read stands (checked again after
        `check_every` s): what is in memory keeps being served through a database restart.
        """
        with self._lock:
            now = self._clock()
            last = self._last_read
            if last is not None and now - last[0] < self._check_every:
                return last[1]
            self._check_since = now
            try:
                with Session(self.engine) as session:
                    version = read_version(session, kind=self.kind)
            except OperationalError as error:
                if last is None:
                    raise
                log.warning(
                    "%s version: the database did not answer, serving what is in memory: %s", self.kind, error
                )
                version = last[1]
            finally:
                self._check_since = None
            self._last_read = (now, version)
        return version


class ReadModel(Generic[T]):
    """An immutable value built from the database, rebuilt when its data's version moves.

    `get()` returns the same object until the version changes; the rebuild happens in the caller
    that notices first (others keep reading the old value meanwhile).
    """

    def __init__(self, watch: VersionWatch, *, build: Callable[[Session], T]) -> None:
        self._watch = watch
        self._build = build
        self._lock = threading.Lock()
        self._built: tuple[int, T] | None = None

    def in_memory(self) -> T | None:
        """The value without touching the database, or None when a version check or rebuild is due.

        While another caller rebuilds it, the value it replaces: the rebuild (seconds, for the
        directory) would otherwise hold every request that asked meanwhile."""
        version = self._watch.recent()
        built = self._built
        if version is None or built is None:
            return None
        if built[0] != version and not self._lock.locked():
            return None
        return built[1]

    def start_from(self, other: "ReadModel[T]") -> None:
        """Begin with what `other` built, from another engine on a copy of this same database (the
        tests copy one template file per test): kept while this database is still at the version it
        was built at, rebuilt as usual once the version moves."""
        self._built = other._built

    def get(self) -> T:
        version = self._watch.current()
        built = self._built
        if built is not None and built[0] == version:
            return built[1]
        with self._lock:
            built = self._built
            if built is None or built[0] != version:
                with Session(self._watch.engine) as session:
                    built = (version, self._build(session))
                self._built = built
        return built[1]
