"""The public "N calls made" counter: a sum over hour counters, remembered for a few seconds.

Per process by default; with Redis, one total per campaign shared by every process and instance,
so a surge of page views costs one query per period for the whole deployment.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

from redis import Redis
from redis.exceptions import RedisError
from sqlmodel import Session

from app.tallies.queries import calls_made_total

log = logging.getLogger("switchboard")
REDIS_PREFIX = "switchboard:calls-made:"


class CallsMade(Protocol):
    def calls_made(self, session: Session, *, campaign: str) -> int: ...


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


class RedisCallsMadeCounter:
    """Keeps each campaign's total in Redis for `ttl_seconds`; an unavailable Redis means a fresh sum."""

    def __init__(self, client: Redis, *, ttl_seconds: float) -> None:
        self._client = client
        self._ttl_ms = max(1, int(ttl_seconds * 1000))

    def calls_made(self, session: Session, *, campaign: str) -> int:
        key = REDIS_PREFIX + campaign
        try:
            cached = self._client.get(key)
        except RedisError as error:
            log.warning("the counters cache (Redis) is unavailable: %s", error)
            return calls_made_total(session, campaign=campaign)
        if isinstance(cached, bytes | str):
            return int(cached)
        total = calls_made_total(session, campaign=campaign)
        try:
            self._client.set(key, total, px=self._ttl_ms)
        except RedisError as error:
            log.warning("the counters cache (Redis) is unavailable: %s", error)
        return total
