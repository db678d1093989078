"""Where located addresses are remembered: in this process, or in Redis shared by every process.

Keys are normalized addresses (see `addresses.cache_key`), prefixed by the caller with anything
that changes the answer (the geocoder vintage). Redis only ever sees a keyed hash of the key, and
an unavailable Redis is a cache miss, never a failed lookup.
"""

import hashlib
import hmac
import logging
from typing import Protocol

from cachetools import TTLCache
from pydantic import TypeAdapter, ValidationError
from redis.asyncio import Redis
from redis.exceptions import RedisError

from app.civic.geography.location import Location

log = logging.getLogger("switchboard")
_LOCATION_JSON = TypeAdapter(Location)
REDIS_PREFIX = "switchboard:location:"


class LocationCache(Protocol):
    """Asked on the event loop: Redis is awaited, never waited for in a thread or on the loop."""

    async def get(self, key: str) -> Location | None: ...

    async def set(self, key: str, *, location: Location) -> None: ...


class MemoryLocationCache:
    """Per process: `max_entries` answers for `ttl_seconds` each (used on the event loop only)."""

    def __init__(self, *, ttl_seconds: int, max_entries: int) -> None:
        self._cache: TTLCache[str, Location] = TTLCache(maxsize=max_entries, ttl=ttl_seconds)

    async def get(self, key: str) -> Location | None:
        return self._cache.get(key)

    async def set(self, key: str, *, location: Location) -> None:
        self._cache[key] = location


class RedisLocationCache:
    """Shared by every process and instance: one geocoder call serves them all."""

    def __init__(self, client: Redis, *, secret: str, ttl_seconds: int) -> None:
        self._client = client
        self._secret = secret.encode()
        self._ttl = ttl_seconds

    def _redis_key(self, key: str) -> str:
        digest = hmac.new(self._secret, key.encode(), hashlib.sha256).hexdigest()
        return REDIS_PREFIX + digest

    async def get(self, key: str) -> Location | None:
        try:
            raw = await self._client.get(self._redis_key(key))
        except RedisError as error:
            log.warning("the location cache (Redis) is unavailable: %s", error)
            return None
        if not isinstance(raw, bytes | str):
            return None
        try:
            return _LOCATION_JSON.validate_json(raw)
        except ValidationError:
            return None  # written by an older version of Location: look it up again

    async def set(self, key: str, *, location: Location) -> None:
        try:
            await self._client.set(self._redis_key(key), _LOCATION_JSON.dump_json(location), ex=self._ttl)
        except RedisError as error:
            log.warning("the location cache (Redis) is unavailable: %s", error)
