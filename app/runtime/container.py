"""The service container: the long-lived parts of a running Switchboard, built once from settings."""

import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import httpx
from redis import Redis
from redis.asyncio import Redis as AsyncRedis
from sqlalchemy import Engine

from app.calls.telephony import Telephony, build_telephony
from app.civic.directory.status import LookupVintage
from app.civic.geocoders.census import CensusGeocoder
from app.civic.geocoders.geocodio import GeocodioLocator
from app.civic.geocoders.google_civic import GoogleCivicLocator
from app.civic.geocoders.openstates_geo import OpenStatesLocator
from app.civic.geocoders.sharded_transport import ShardedTransport
from app.civic.locating.locate import BoundedLocator, CachedLocator, FallbackLocator, Locator
from app.civic.locating.location_cache import LocationCache, MemoryLocationCache, RedisLocationCache
from app.civic.locating.zip_codes import ZipCodeLocator
from app.runtime.read_models import ReadModels
from app.runtime.target_answers import TargetAnswers
from app.settings import LocatorName, Settings
from app.storage.db import create_db_engine
from app.tallies.public import CallsMade, CallsMadeCounter, RedisCallsMadeCounter
from app.webhooks.opt_ins import OptInOffers

_HEADERS = {"User-Agent": "Switchboard (legislator call campaigns)"}


@dataclass
class Services:
    settings: Settings
    engine: Engine
    http: httpx.Client
    # Geocoders are called on the event loop (see civic.locate); directory downloads stay blocking.
    locator_http: httpx.AsyncClient
    locator: Locator
    calls_made: CallsMade
    telephony: Telephony | None
    read_models: ReadModels
    target_answers: TargetAnswers
    # The same Redis twice: blocking for the counters (read in worker threads), async for the
    # location cache (asked on the event loop).
    redis: Redis | None = None
    loop_redis: AsyncRedis | None = None
    # Organizations' webhooks (app/webhooks/delivery.py): never follows a redirect.
    webhook_http: httpx.AsyncClient = field(default_factory=lambda: build_webhook_http())
    # What the thank-you step offers to opt in to, cached per process.
    opt_in_offers: OptInOffers = field(default_factory=OptInOffers)

    def close(self) -> None:
        self.http.close()
        self.engine.dispose()
        if self.redis is not None:
            self.redis.close()

    async def close_loop_clients(self) -> None:
        """Close the clients bound to the running event loop (geocoders, the location cache)."""
        await self.locator_http.aclose()
        await self.webhook_http.aclose()
        if self.loop_redis is not None:
            await self.loop_redis.aclose()

    async def aclose(self) -> None:
        await self.close_loop_clients()
        self.close()


@cache
def tls_context() -> ssl.SSLContext:
    """The process's one TLS context (the CA bundle, loaded once), shared by every HTTP client it
    builds: each client would load it again, 30 ms of CPU apiece, three per container (a test
    suite builds a container for most of its 1,500 tests)."""
    return httpx.create_ssl_context()


def build_webhook_http() -> httpx.AsyncClient:
    """No connection is kept alive: each request goes to the address just checked, with TLS for its
    own host name, never over a connection opened for another name at the same address."""
    return httpx.AsyncClient(
        verify=tls_context(),
        headers={"User-Agent": "Switchboard-Webhooks"},
        follow_redirects=False,
        limits=httpx.Limits(max_keepalive_connections=0),
    )


def build_services(settings: Settings) -> Services:
    http = httpx.Client(
        verify=tls_context(), timeout=httpx.Timeout(settings.http_timeout_seconds), headers=_HEADERS
    )
    locator_http = httpx.AsyncClient(
        timeout=httpx.Timeout(settings.http_timeout_seconds),
        headers=_HEADERS,
        transport=ShardedTransport(most_in_flight=settings.geocoder_max_in_flight, tls=tls_context()),
    )
    engine = create_db_engine(settings.database_url)
    read_models = ReadModels(engine, check_every=settings.read_model_check_seconds)
    vintage = LookupVintage(engine, configured=settings.census_vintage)
    providers = FallbackLocator(
        [(name, build_locator(name, settings, locator_http, vintage=vintage)) for name in settings.locators]
    )
    bounded = BoundedLocator(
        providers,
        limit=settings.geocoder_max_in_flight,
        wait_seconds=settings.geocoder_queue_seconds,
        retry_after_seconds=settings.geocoder_retry_after_seconds,
    )
    redis = build_redis(settings)
    loop_redis = build_loop_redis(settings)
    cached = CachedLocator(bounded, cache=build_location_cache(settings, loop_redis), partition=vintage)
    return Services(
        settings=settings,
        engine=engine,
        http=http,
        locator_http=locator_http,
        locator=ZipCodeLocator(read_models, fallback=cached),
        read_models=read_models,
        target_answers=TargetAnswers(entries=settings.answer_cache_entries),
        calls_made=(
            CallsMadeCounter(ttl_seconds=settings.calls_made_cache_seconds)
            if redis is None
            else RedisCallsMadeCounter(redis, ttl_seconds=settings.calls_made_cache_seconds)
        ),
        telephony=build_telephony(settings),
        redis=redis,
        loop_redis=loop_redis,
    )


def build_redis(settings: Settings) -> Redis | None:
    """A client for SWITCHBOARD_REDIS_URL (connections open lazily), or None without one."""
    if not settings.redis_url:
        return None
    return Redis.from_url(settings.redis_url, socket_timeout=2.0, socket_connect_timeout=2.0)


def build_loop_redis(settings: Settings) -> AsyncRedis | None:
    """The async client for SWITCHBOARD_REDIS_URL, used on the event loop; None without one."""
    if not settings.redis_url:
        return None
    return AsyncRedis.from_url(settings.redis_url, socket_timeout=2.0, socket_connect_timeout=2.0)


def build_location_cache(settings: Settings, redis: AsyncRedis | None) -> LocationCache:
    if redis is None:
        return MemoryLocationCache(
            ttl_seconds=settings.location_cache_ttl_seconds, max_entries=settings.location_cache_size
        )
    return RedisLocationCache(
        redis, secret=settings.secret_key.get_secret_value(), ttl_seconds=settings.location_cache_ttl_seconds
    )


def build_locator(
    name: LocatorName, settings: Settings, http: httpx.AsyncClient, *, vintage: Callable[[], str]
) -> Locator:
    """One provider, configured from settings (its key checked present by Settings)."""
    if name == "openstates":
        return OpenStatesLocator(
            http,
            base_url=settings.openstates_api_url,
            api_key=settings.openstates_api_key.get_secret_value(),
            census_url=settings.census_geocoder_url,
            benchmark=settings.census_benchmark,
        )
    if name == "google":
        return GoogleCivicLocator(
            http, base_url=settings.google_civic_url, api_key=settings.google_civic_api_key.get_secret_value()
        )
    if name == "geocodio":
        return GeocodioLocator(
            http, base_url=settings.geocodio_url, api_key=settings.geocodio_api_key.get_secret_value()
        )
    return CensusGeocoder(
        http,
        base_url=settings.census_geocoder_url,
        benchmark=settings.census_benchmark,
        vintage=vintage,
    )
