"""Single flight: concurrent requests for the same key share one call (one geocoder call per address)."""

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Hashable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class SingleFlight(Generic[T]):
    """Runs one call per key at a time; whoever asks while it runs shares its answer (or error)."""

    def __init__(self) -> None:
        self._flights: dict[Hashable, asyncio.Future[T]] = {}

    async def run(self, key: Hashable, *, call: Callable[[], Awaitable[T]]) -> T:
        flight = self._flights.get(key)
        if flight is None:
            flight = asyncio.ensure_future(call())
            self._flights[key] = flight
            flight.add_done_callback(lambda done: self._land(key, done))
        # shield: one waiter giving up (a client that went away) does not cancel the others' call.
        return await asyncio.shield(flight)

    async def share(self, key: Hashable, *, work: Coroutine[Any, Any, T]) -> T:
        """`run` for a coroutine already made: it runs unless the key's call is under way, when it is
        closed unstarted. The event loop starts it, so a lower layer never calls back into its maker."""
        if key in self._flights:
            work.close()
        return await self.run(key, call=lambda: work)

    def _land(self, key: Hashable, done: asyncio.Future[T]) -> None:
        if self._flights.get(key) is done:
            del self._flights[key]
        if not done.cancelled():
            done.exception()  # retrieved here, so an error nobody awaited any more is not logged as lost

    def __len__(self) -> int:
        return len(self._flights)
