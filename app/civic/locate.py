"""The Locator interface, and the cache that spares repeat lookups an external call."""

import logging
from collections.abc import Callable, Sequence
from typing import Protocol

from app.civic.addresses import cache_key, clean_address
from app.civic.location import Location
from app.civic.location_cache import LocationCache
from app.errors import GeocoderUnavailableError

log = logging.getLogger("switchboard")


class Locator(Protocol):
    """Turns an address typed by a person into a Location, or raises a SwitchboardError."""

    def locate(self, address: str) -> Location: ...


class FallbackLocator:
    """Asks each provider in turn; the next one answers when one fails or times out.

    Only unavailability moves on: a provider that says the address does not exist is believed.
    """

    def __init__(self, providers: Sequence[tuple[str, Locator]]) -> None:
        if not providers:
            raise ValueError("at least one locator is needed")
        self._providers = providers

    def locate(self, address: str) -> Location:
        failure: GeocoderUnavailableError | None = None
        for name, provider in self._providers:
            try:
                return provider.locate(address)
            except GeocoderUnavailableError as error:
                log.warning("locator %s is unavailable (%s); trying the next one", name, error.message)
                failure = error
        assert failure is not None
        raise failure


class CachedLocator:
    """Remembers answers by normalized address for a while, in a LocationCache (memory or Redis)."""

    def __init__(
        self, inner: Locator, *, cache: LocationCache, partition: Callable[[], str] = lambda: ""
    ) -> None:
        self._inner = inner
        self._cache = cache
        self._partition = partition

    def locate(self, address: str) -> Location:
        text = clean_address(address)
        key = f"{self._partition()}|{cache_key(text)}"
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        found = self._inner.locate(text)
        self._cache.set(key, found)
        return found
