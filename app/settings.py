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

    # Bridged calls (Twilio). Without an account SID, auth token and from number "Call me" is hidden.
    twilio_account_sid: str = ""
    twilio_auth_token: SecretStr = SecretStr("")
    twilio_from_number: str = ""
    twilio_api_url: str = "https://api.twilio.com"
    # Which number the office sees: the constituent's own ("caller") or our Twilio number ("twilio").
    call_caller_id: Literal["caller", "twilio"] = "caller"
    call_ring_timeout_seconds: int = 25
    call_leg_time_limit_seconds: int = 900
    call_session_time_limit_seconds: int = 3600
    call_limit_per_phone_per_day: int = 3
    call_limit_per_ip_per_hour: int = 10
    call_limit_per_office_minutes: int = 5
    call_limit_per_office: int = 3
    call_limit_in_progress: int = 50
    call_limit_per_hour: int = 500
    # Take the client IP from X-Forwarded-For only when the app sits behind a proxy we trust.
    trusted_proxy: bool = False

    @property
    def twilio_configured(self) -> bool:
        return bool(
            self.twilio_account_sid and self.twilio_auth_token.get_secret_value() and self.twilio_from_number
        )

    def effective_census_vintage(self, now: datetime | None = None) -> str:
        return self.census_vintage or census_vintage_for(now or datetime.now(UTC))


def census_vintage_for(moment: datetime) -> str:
    """The geocoder vintage whose congressional districts are those of the sitting Congress."""
    return "ACS2025_Current" if moment < CONGRESS_120_STARTS_AT else "Current_Current"


@lru_cache
def get_settings() -> Settings:
    return Settings()
