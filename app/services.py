"""The long-lived parts of a running Switchboard, built once from settings."""

from dataclasses import dataclass, field

import httpx
from sqlalchemy import Engine

from app.calls.telephony import Telephony, build_telephony
from app.calls.zips import ZipcodesLocator, ZipLocator
from app.civic.census import CensusGeocoder
from app.civic.locate import CachedLocator, Locator
from app.db import create_db_engine
from app.settings import Settings


@dataclass
class Services:
    settings: Settings
    engine: Engine
    http: httpx.Client
    locator: Locator
    telephony: Telephony | None = None
    zip_locator: ZipLocator = field(default_factory=ZipcodesLocator)

    def close(self) -> None:
        self.http.close()
        self.engine.dispose()


def build_services(settings: Settings) -> Services:
    http = httpx.Client(
        timeout=httpx.Timeout(settings.http_timeout_seconds),
        headers={"User-Agent": "Switchboard (legislator call campaigns)"},
    )
    census = CensusGeocoder(
        http,
        base_url=settings.census_geocoder_url,
        benchmark=settings.census_benchmark,
        vintage=settings.effective_census_vintage,
    )
    locator = CachedLocator(
        census,
        ttl_seconds=settings.location_cache_ttl_seconds,
        max_entries=settings.location_cache_size,
        partition=settings.effective_census_vintage,
    )
    return Services(
        settings=settings,
        engine=create_db_engine(settings.database_url),
        http=http,
        locator=locator,
        telephony=build_telephony(settings),
    )
