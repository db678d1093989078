"""The location cache: per process, or in Redis shared by every process."""

import asyncio
import socket
from collections import Counter

from redis import Redis
from redis.asyncio import Redis as AsyncRedis

from app.civic.geography.location import CensusDistrict, Location
from app.civic.locating.locate import CachedLocator
from app.civic.locating.location_cache import REDIS_PREFIX, MemoryLocationCache, RedisLocationCache

BOSTON = Location(
    matched_address="1 ASHBURTON PL, BOSTON, MA, 02108",
    latitude=42.3587,
    longitude=-71.0622,
    state="MA",
    city="BOSTON",
    zip="02108",
    congressional_district="08",
    congress=119,
    state_upper=(CensusDistrict(geoid="25D05", code="D05", name="Second Suffolk"),),
    state_lower=(CensusDistrict(geoid="25008", code="008", name="8th Suffolk"),),
    division_ids=("ocd-division/country:us/state:ma/cd:8",),
)


class CountingLocator:
    """A provider that answers Boston for everything and counts how often it was asked."""

    def __init__(self) -> None:
        self.asked: Counter[str] = Counter()

    async def locate(self, address: str) -> Location:
        self.asked[address] += 1
        return BOSTON


def test_memory_cache_spares_the_provider_a_repeat_in_another_spelling() -> None:
    provider = CountingLocator()
    locator = CachedLocator(provider, cache=MemoryLocationCache(ttl_seconds=60, max_entries=10))
    assert asyncio.run(locator.locate("1 Ashburton Place, Boston, MA 02108")) == BOSTON
    assert asyncio.run(locator.locate("1 ashburton place  boston ma 02108")) == BOSTON
    assert sum(provider.asked.values()) == 1


def test_redis_cache_is_shared_by_processes_and_keeps_no_address_in_keys(redis_url: str) -> None:
    provider = CountingLocator()

    async def two_processes() -> tuple[Location, Location]:
        clients = [AsyncRedis.from_url(redis_url) for _ in range(2)]
        first, second = (
            CachedLocator(provider, cache=RedisLocationCache(c, secret="k", ttl_seconds=60)) for c in clients
        )
        try:
            return (
                await first.locate("1 Ashburton Place, Boston, MA 02108"),
                await second.locate("1 ASHBURTON PLACE, BOSTON MA 02108"),
            )
        finally:
            for client in clients:
                await client.aclose()

    answered, found = asyncio.run(two_processes())
    assert answered == BOSTON
    assert found == BOSTON
    assert found.state_upper[0].name == "Second Suffolk"
    assert sum(provider.asked.values()) == 1
    client = Redis.from_url(redis_url, decode_responses=True)
    keys = [str(k) for k in client.keys("*")]
    assert len(keys) == 1
    assert keys[0].startswith(REDIS_PREFIX)
    assert "ashburton" not in keys[0]
    assert 0 < client.ttl(keys[0]) <= 60


def test_an_unreachable_redis_is_a_miss_not_a_failure() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    provider = CountingLocator()

    async def twice() -> list[Location]:
        client = AsyncRedis.from_url(f"redis://127.0.0.1:{port}/0", socket_connect_timeout=0.5)
        locator = CachedLocator(provider, cache=RedisLocationCache(client, secret="k", ttl_seconds=60))
        try:
            return [await locator.locate("1 Ashburton Place, Boston, MA 02108") for _ in range(2)]
        finally:
            await client.aclose()

    assert asyncio.run(twice()) == [BOSTON, BOSTON]
    assert sum(provider.asked.values()) == 2
