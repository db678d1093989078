"""The Locator interface, and the cache that spares repeat lookups an external call.

Locators are async: an outside call waits on the event loop, holding no thread and no database
connection.
"""

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import Protocol

from app.civic.geography.addresses import cleaned_with_key
from app.civic.geography.location import Location
from app.civic.locating.location_cache import LocationCache
from app.civic.locating.single_flight import SingleFlight
from app.kernel.errors import GeocoderBusyError, GeocoderUnavailableError

log = logging.getLogger("switchboard")


class Locator(Protocol):
    """Turns an address typed by a person into a Location, or raises a SwitchboardError."""

    async def locate(self, address: str) -> Location: ...


class FallbackLocator:
    """Asks each provider in turn; the next one answers when one fails or times out.

    Only unavailability moves on: a provider that says the address does not exist is believed.
    """

    def __init__(self, providers: Sequence[tuple[str, Locator]]) -> None:
        if not providers:
            raise ValueError("at least one locator is needed")
        self._providers = providers

    async def locate(self, address: str) -> Location:
        failure: GeocoderUnavailableError | None = None
        for position, (name, provider) in enumerate(self._providers, start=1):
            try:
                return await provider.locate(address)
            except GeocoderUnavailableError as error:
                then = "trying the next one" if position < len(self._providers) else "no other provider"
                log.warning("locator %s is unavailable (%s); %s", name, error.message, then)
                failure = error
        assert failure is not None
        raise failure


class BoundedLocator:
    """At most `limit` lookups in flight through `inner`; past that, wait `wait_seconds`, then refuse.

    A campaign peak then gets a prompt 503 (`geocoder_busy`, Retry-After) instead of a queue
    without end.
    """

    def __init__(self, inner: Locator, *, limit: int, wait_seconds: float, retry_after_seconds: int) -> None:
        self._inner = inner
        self._slots = asyncio.Semaphore(limit)
        self._wait = wait_seconds
        self._retry_after = retry_after_seconds

    async def locate(self, address: str) -> Location:
        await self._take_slot()
        try:
            return await self._inner.locate(address)
        finally:
            self._slots.release()

    async def _take_slot(self) -> None:
        if not self._slots.locked():
            await self._slots.acquire()  # free: taken at once (wait_for would start a task for it)
            return
        try:
            await asyncio.wait_for(self._slots.acquire(), timeout=self._wait)
        except TimeoutError:
            raise GeocoderBusyError(
                "Many people are calling right now; try again in a few seconds.",
                retry_after_seconds=self._retry_after,
            ) from None


class CachedLocator:
    """Remembers answers by normalized address for a while, in a LocationCache (memory or Redis).

    Concurrent lookups of one address that is not remembered yet share one call to `inner`.
    """

    def __init__(
        self, inner: Locator, *, cache: LocationCache, partition: Callable[[], str] = lambda: ""
    ) -> None:
        self._inner = inner
        self._cache = cache
        self._partition = partition
        self._flights: SingleFlight[Location] = SingleFlight()

    async def locate(self, address: str) -> Location:
        text, normal = cleaned_with_key(address)
        key = f"{self._partition()}|{normal}"
        hit = await self._cache.get(key)
        if hit is not None:
            return hit
        found = await self._flights.run(key, call=lambda: self._inner.locate(text))
        await self._cache.set(key, location=found)
        return found
