"""Every setting Switchboard reads, from the environment (prefix SWITCHBOARD_) or `.env`."""

from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# The 119th Congress sits until noon Eastern on 2027-01-03 (17:00 UTC); from then on the
# sitting members were elected on the 120th Congress's district lines.
CONGRESS_120_STARTS_AT = datetime(2027, 1, 3, 17, 0, tzinfo=UTC)
DEFAULT_SECRET = "change-me-switchboard-development-secret"  # noqa: S105 (refused in production)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SWITCHBOARD_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    environment: Literal["development", "production"] = "development"
    secret_key: SecretStr = SecretStr(DEFAULT_SECRET)
    database_url: str = "sqlite:///./var/switchboard.db"
    public_base_url: str = "http://127.0.0.1:8000"
    host: str = "127.0.0.1"
    port: int = 8000

    census_geocoder_url: str = "https://geocoding.geo.census.gov/geocoder"
    census_benchmark: str = "Public_AR_Current"
    # Empty means: follow the Congress in office (see census_vintage_for).
    census_vintage: str = ""
    http_timeout_seconds: float = 10.0
    location_cache_ttl_seconds: int = 24 * 3600
    location_cache_size: int = 50_000

    # "official" downloads the published open data; otherwise a folder laid out like
    # shared/data/directory (congress-legislators/, openstates-people/, zip/).
    directory_source: str = "official"
    congress_legislators_url: str = "https://unitedstates.github.io/congress-legislators"
    campaigns_dir: Path = Path("campaigns")
    # How long a process reuses a campaign's public "N calls made" total before summing it again.
    calls_made_cache_seconds: float = 10.0

    def effective_census_vintage(self, now: datetime | None = None) -> str:
        return self.census_vintage or census_vintage_for(now or datetime.now(UTC))


def census_vintage_for(moment: datetime) -> str:
    """The geocoder vintage whose congressional districts are those of the sitting Congress."""
    return "ACS2025_Current" if moment < CONGRESS_120_STARTS_AT else "Current_Current"


@lru_cache
def get_settings() -> Settings:
    return Settings()
