"""The Locator interface, and the cache that spares repeat lookups an external call."""

import threading
from collections.abc import Callable
from typing import Protocol

from cachetools import TTLCache

from app.civic.addresses import cache_key, clean_address
from app.civic.location import Location


class Locator(Protocol):
    """Turns an address typed by a person into a Location, or raises a SwitchboardError."""

    def locate(self, address: str) -> Location: ...


class CachedLocator:
    """Remembers answers by normalized address for a while (per process, never on disk)."""

    def __init__(
        self,
        inner: Locator,
        *,
        ttl_seconds: int,
        max_entries: int,
        partition: Callable[[], str] = lambda: "",
    ) -> None:
        self._inner = inner
        self._cache: TTLCache[str, Location] = TTLCache(maxsize=max_entries, ttl=ttl_seconds)
        self._lock = threading.Lock()
        self._partition = partition

    def locate(self, address: str) -> Location:
        text = clean_address(address)
        key = f"{self._partition()}|{cache_key(text)}"
        with self._lock:
            hit = self._cache.get(key)
        if hit is not None:
            return hit
        found = self._inner.locate(text)
        with self._lock:
            self._cache[key] = found
        return found
