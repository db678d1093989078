"""The public "N calls made" counter: a sum over hour counters, remembered for a few seconds per process."""

import threading
import time
from collections.abc import Callable

from sqlmodel import Session

from app.tallies.queries import calls_made_total


class CallsMadeCounter:
    """Caches each campaign's total for `ttl_seconds`, so a surge of page views costs one query per period."""

    def __init__(self, *, ttl_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._cached: dict[str, tuple[float, int]] = {}

    def calls_made(self, session: Session, *, campaign: str) -> int:
        now = self._clock()
        with self._lock:
            cached = self._cached.get(campaign)
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        total = calls_made_total(session, campaign=campaign)
        with self._lock:
            self._cached[campaign] = (now, total)
        return total
