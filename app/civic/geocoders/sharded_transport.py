"""An httpx transport that spreads requests over several connection pools.

httpcore's pool re-examines every queued request against every connection whenever a request
starts or ends, so its cost grows with the square of the requests in flight: with a few hundred
geocoder calls at once (a campaign peak) that bookkeeping, not the network, limits a process.
Several small pools, used in turn, keep each one's bookkeeping small.
"""

import itertools
import math
import ssl

import httpx

# Each pool checks every one of its connections whenever a request starts or ends: a few apiece.
CONNECTIONS_PER_SHARD = 4


class ShardedTransport(httpx.AsyncBaseTransport):
    """Pools that together keep a connection alive for every call allowed in flight: at a peak, a
    call that ends hands its connection to the next instead of closing it for a new TCP connect."""

    def __init__(self, *, most_in_flight: int, tls: ssl.SSLContext) -> None:
        """`tls`: one TLS context for all pools (each would load the CA bundle again: 40 MB and 1.5 s
        for 50 pools)."""
        shards = math.ceil(most_in_flight / CONNECTIONS_PER_SHARD)
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=CONNECTIONS_PER_SHARD + 1)
        self._pools = [httpx.AsyncHTTPTransport(verify=tls, limits=limits) for _ in range(shards)]
        self._next = itertools.cycle(self._pools)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await next(self._next).handle_async_request(request)

    async def aclose(self) -> None:
        for pool in self._pools:
            await pool.aclose()
