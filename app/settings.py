"""Every setting Switchboard reads, from the environment (prefix SWITCHBOARD_) or `.env`."""

import ipaddress
import json
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

LocatorName = Literal["census", "openstates", "google", "geocodio"]
LOCATOR_KEYS = {
    "openstates": "openstates_api_key",
    "google": "google_civic_api_key",
    "geocodio": "geocodio_api_key",
}
DEFAULT_SECRET = "change-me-switchboard-development-secret"  # noqa: S105 (refused in production)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SWITCHBOARD_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    environment: Literal["development", "production"] = "development"
    secret_key: SecretStr = SecretStr(DEFAULT_SECRET)
    # Encrypts phone numbers kept until a scheduled call or reminder ("Call me when they open").
    # Empty: derived from SWITCHBOARD_SECRET_KEY. Changing it makes pending ones unreadable.
    phone_encryption_key: SecretStr = SecretStr("")
    database_url: str = "sqlite:///./var/switchboard.db"
    public_base_url: str = "http://127.0.0.1:8000"
    host: str = "127.0.0.1"
    port: int = 8000
    # Optional: shared caches (locations, public counters) for every process and instance.
    redis_url: str = ""
    # Whether `serve` also runs the jobs (placing calls, reconciling, purging, syncs). Unset: yes on
    # SQLite (the embedded default, one machine), no on PostgreSQL (run `switchboard worker`).
    jobs_in_web: bool | None = None
    # Bridged calls placed per second at most, across all workers (Twilio's account CPS; 1 by default).
    call_rate_per_second: float = Field(default=1.0, gt=0)
    # How many jobs one worker process runs at once.
    worker_concurrency: int = Field(default=10, ge=1)
    # Periodic jobs retimed: job name → cron (five fields, UTC; a sixth for seconds), as JSON.
    job_schedules: dict[str, str] = Field(default_factory=dict)

    census_geocoder_url: str = "https://geocoding.geo.census.gov/geocoder"
    census_benchmark: str = "Public_AR_Current"
    # Empty means: the vintage of the sitting Congress's districts, or of the directory's Congress
    # when a sync is still due after a new Congress took office (app/civic/directory/status.py).
    census_vintage: str = ""
    # Providers asked in turn, the next one when one fails or times out: census, openstates,
    # google, geocodio (comma-separated or a JSON list).
    locators: Annotated[list[LocatorName], NoDecode] = Field(
        default_factory=lambda: list[LocatorName](["census"])
    )
    openstates_api_url: str = "https://v3.openstates.org"
    openstates_api_key: SecretStr = SecretStr("")
    google_civic_url: str = "https://www.googleapis.com/civicinfo/v2"
    google_civic_api_key: SecretStr = SecretStr("")
    geocodio_url: str = "https://api.geocod.io/v1.9"
    geocodio_api_key: SecretStr = SecretStr("")
    http_timeout_seconds: float = 10.0
    location_cache_ttl_seconds: int = 24 * 3600
    location_cache_size: int = 50_000
    # Outside lookups (geocoders) in flight per process; past it a lookup waits up to
    # geocoder_queue_seconds for a slot, then gets 503 geocoder_busy with Retry-After.
    geocoder_max_in_flight: int = Field(default=200, ge=1)
    geocoder_queue_seconds: float = Field(default=2.0, ge=0)
    geocoder_retry_after_seconds: int = Field(default=5, ge=1)
    # How stale the in-memory directory and campaigns may be: each process checks their version
    # rows at most this often and rebuilds what moved.
    read_model_check_seconds: float = Field(default=2.0, ge=0)
    # Encoded targets answers each web process keeps for repeated lookups (about 6 kB each; 0: none).
    answer_cache_entries: int = Field(default=2000, ge=0)

    # "official" downloads the published open data; otherwise a folder laid out like
    # shared/data/directory (congress-legislators/, openstates-people/, zip/).
    directory_source: str = "official"
    congress_legislators_url: str = "https://unitedstates.github.io/congress-legislators"
    openstates_people_archive_url: str = "https://github.com/openstates/people/archive/refs/heads/main.zip"
    openstates_people_settings_url: str = (
        "https://raw.githubusercontent.com/openstates/people/main/settings.yml"
    )
    zip_congress_url: str = (
        "https://raw.githubusercontent.com/OpenSourceActivismTech/us-zipcodes-congress/master/zccd.csv"
    )
    zip_state_legislative_url: str = (
        "https://raw.githubusercontent.com/thecantercompany/state-leg-zips/main/public/data/districts.json"
    )
    # A sync that would remove more than this share of a chamber's officials (or of the ZIP table)
    # is refused unless forced: the upstream file is probably truncated.
    directory_sync_max_removed_share: float = Field(default=0.5, gt=0, le=1)
    # Staff are warned (and /readyz says degraded) when the last sync is older than this.
    directory_stale_after_hours: float = Field(default=72, gt=0)
    # Scheduled syncs: every N hours (0: never), and every M hours on the busy days of odd years
    # ("MM-DD..MM-DD", Eastern time) while a new Congress and many legislatures take office.
    directory_sync_every_hours: float = Field(default=24, ge=0)
    directory_sync_busy_every_hours: float = Field(default=1, ge=0)
    directory_sync_busy_days: str = Field(default="01-02..01-10", pattern=r"^\d{2}-\d{2}\.\.\d{2}-\d{2}$")
    campaigns_dir: Path = Path("campaigns")
    # How long a process reuses a campaign's public "N calls made" total before summing it again.
    calls_made_cache_seconds: float = 10.0
    # Portraits of members of Congress by bioguide id ({bioguide}); empty shows initials only.
    # The default is the unitedstates project's public domain images, 225×275.
    congress_image_url: str = Field(
        default="https://unitedstates.github.io/images/congress/225x275/{bioguide}.jpg",
        pattern=r"^((https://|/)\S*\{bioguide\}\S*)?$",
    )

    # Admin sign-in: how long a session lasts, and how many failed sign-ins (per email, per client
    # address) are allowed within the window before sign-in is refused for that email or client.
    session_max_age_seconds: int = 8 * 3600
    login_max_failures_per_email: int = 5
    login_max_failures_per_client: int = 20
    login_failure_window_seconds: int = 15 * 60
    # The cost of a new password hash (Argon2id): passes, and memory in KiB. A sign-in rehashes a
    # password hashed at another cost. Lower them only where memory is very short (or in tests).
    password_hash_time_cost: int = Field(default=3, ge=1, le=20)
    password_hash_memory_kib: int = Field(default=65536, ge=64, le=4 * 1024 * 1024)
    # Read by `switchboard users add` instead of prompting, for scripts.
    new_password: SecretStr | None = None

    @property
    def uses_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def runs_jobs_in_web(self) -> bool:
        return self.uses_sqlite if self.jobs_in_web is None else self.jobs_in_web

    @property
    def secure_cookies(self) -> bool:
        return self.public_base_url.startswith("https://")

    @field_validator("webhook_allowed_networks", mode="before")
    @classmethod
    def _split_networks(cls, value: object) -> object:
        return (
            [part.strip() for part in value.split(",") if part.strip()] if isinstance(value, str) else value
        )

    @field_validator("webhook_allowed_networks")
    @classmethod
    def _check_networks(cls, value: list[str]) -> list[str]:
        for network in value:
            ipaddress.ip_network(network, strict=False)  # a ValueError names the bad one
        return value

    @field_validator("locators", mode="before")
    @classmethod
    def _split_locators(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            return (
                json.loads(text)
                if text.startswith("[")
                else [p.strip() for p in text.split(",") if p.strip()]
            )
        return value

    @model_validator(mode="after")
    def _secret_in_production(self) -> "Settings":
        secret = self.secret_key.get_secret_value()
        if self.environment == "production" and (not secret or secret == DEFAULT_SECRET):
            raise ValueError("Set SWITCHBOARD_SECRET_KEY: production refuses the default secret.")
        return self

    @model_validator(mode="after")
    def _keys_for_locators(self) -> "Settings":
        if not self.locators:
            raise ValueError("SWITCHBOARD_LOCATORS needs at least one provider")
        for name in self.locators:
            key = LOCATOR_KEYS.get(name)
            if key and not getattr(self, key).get_secret_value():
                raise ValueError(f"SWITCHBOARD_LOCATORS lists {name}: set SWITCHBOARD_{key.upper()}")
        return self

    # Bridged calls (Twilio). Without an account SID, auth token and from number "Call me" is hidden.
    twilio_account_sid: str = ""
    twilio_auth_token: SecretStr = SecretStr("")
    twilio_from_number: str = ""
    twilio_api_url: str = "https://api.twilio.com"
    # Which number the office sees: the constituent's own ("caller") or our Twilio number ("twilio").
    call_caller_id: Literal["caller", "twilio"] = "caller"
    call_ring_timeout_seconds: int = 25
    # Offices of one target a bridged call dials at most when a line is busy, unanswered or failed
    # (or its mailbox is full), the first one included; then it moves on to the next target.
    call_max_tries_per_target: int = Field(default=3, ge=1, le=10)
    # How long an office number reported with a full mailbox is avoided (cards and bridged calls):
    # the first report's minutes, doubled by each repeat, up to the cap.
    office_unhealthy_minutes: float = Field(default=15, gt=0)
    office_unhealthy_max_minutes: float = Field(default=240, gt=0)
    call_leg_time_limit_seconds: int = 900
    call_session_time_limit_seconds: int = 3600
    call_limit_per_phone_per_day: int = 3
    call_limit_per_ip_per_hour: int = 10
    call_limit_per_office_minutes: int = 5
    call_limit_per_office: int = 3
    call_limit_in_progress: int = 50
    call_limit_per_hour: int = 500
    # Test calls (the share page's "Call me now") one staff account may place per hour.
    test_call_limit_per_hour: int = Field(default=5, ge=0)
    # "Show me the number" reports from one client IP per hour (each names a target it was shown).
    report_limit_per_ip_per_hour: int = 30
    # Take the client IP from X-Forwarded-For only when the app sits behind a proxy we trust.
    trusted_proxy: bool = False
    # Outbound webhooks to organizations' CRMs (app/webhooks): deliveries in flight per endpoint at
    # most, each request's timeout, tries before giving up, the first retry's delay (doubled each
    # time, up to the cap), and how long a rotated secret still signs.
    webhook_max_in_flight: int = Field(default=4, ge=1)
    webhook_timeout_seconds: float = Field(default=10.0, gt=0)
    webhook_max_attempts: int = Field(default=12, ge=1)
    webhook_retry_seconds: float = Field(default=30.0, gt=0)
    webhook_retry_max_seconds: float = Field(default=6 * 3600.0, gt=0)
    webhook_secret_grace_hours: float = Field(default=24.0, ge=0)
    # Networks (CIDR) a webhook URL may reach although they are not public: none by default, so
    # loopback, link-local, private ranges and the cloud metadata address are refused.
    webhook_allowed_networks: Annotated[list[str], NoDecode] = Field(default_factory=list)

    # A line per request from `serve` (path only, never the query): off, as a proxy in front logs them.
    access_log: bool = False

    @property
    def phone_sealing_key(self) -> str:
        """The key phone numbers are sealed with at rest (app.kernel.privacy.seal)."""
        own = self.phone_encryption_key.get_secret_value()
        return own or "phone:" + self.secret_key.get_secret_value()

    @property
    def twilio_configured(self) -> bool:
        return bool(
            self.twilio_account_sid and self.twilio_auth_token.get_secret_value() and self.twilio_from_number
        )

    @property
    def office_unhealthy_first(self) -> timedelta:
        return timedelta(minutes=self.office_unhealthy_minutes)

    @property
    def office_unhealthy_cap(self) -> timedelta:
        return timedelta(minutes=max(self.office_unhealthy_max_minutes, self.office_unhealthy_minutes))

    @property
    def directory_stale_after(self) -> timedelta:
        return timedelta(hours=self.directory_stale_after_hours)


@lru_cache
def get_settings() -> Settings:
    return Settings()
