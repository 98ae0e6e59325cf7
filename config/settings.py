"""Application settings, read from the environment (and an optional `.env` file).

This module is the only code that reads the environment. Environment names are the setting
names in upper case, nested groups joined by ``__``, no prefix: ``DATABASE_URL``, ``REDIS_URL``,
``TELEGRAM__BOT_TOKEN``. A channel whose secrets are absent is off (see ``*.enabled``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

MB = 1024 * 1024


def _split_csv(value: object) -> object:
    """Accept ``a,b`` as well as a JSON list for list settings."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class LimitSettings(BaseModel):
    """Input limits applied by the parser, whatever the channel."""

    max_file_bytes: int = 10 * MB
    max_pages: int = 10
    parse_timeout_seconds: float = 20.0


class JobSettings(BaseModel):
    """Queue behaviour."""

    max_attempts: int = Field(5, description="A job whose attempt counter passes this fails.")
    reuse_results: bool = True
    # Dramatiq's Redis broker requeues a dead worker's unacked messages once its heartbeat is
    # this old (ms), during "maintenance" run on maintenance_chance per million commands.
    heartbeat_timeout_ms: int = 60_000
    maintenance_chance: int = 1_000
    # Worker modules imported besides bots.worker.ADAPTER_MODULES (e.g. a test deliverer).
    extra_adapter_modules: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # An unfinished job untouched this long is re-sent by the periodic sweeper (s): covers
    # messages lost with a Redis that had no persistence. A spurious re-send is harmless
    # (stages are idempotent) but may repeat work, so keep it well above a stage's run time.
    sweep_after_seconds: float = 900.0
    cleanup_interval_seconds: float = 3600.0

    _split = field_validator("extra_adapter_modules", mode="before")(_split_csv)


class TelegramSettings(BaseModel):
    bot_token: SecretStr | None = None
    webhook_secret: SecretStr | None = None
    webhook_path: str = "/telegram/webhook"
    api_base: str | None = Field(None, description="Bot API server URL; None = api.telegram.org")
    # Webhook updates are kept in Redis from the 200 until handled; one left longer than this
    # (its API process died mid-way) is handled again by another process.
    recover_after_seconds: float = 60.0
    recovery_scan_seconds: float = 15.0

    @property
    def enabled(self) -> bool:
        return self.bot_token is not None


class SlackSettings(BaseModel):
    bot_token: SecretStr | None = None
    signing_secret: SecretStr | None = None
    app_token: SecretStr | None = Field(None, description="xapp- token for Socket Mode")
    api_base: str | None = Field(
        None, description="Web API base URL; None = https://slack.com/api/"
    )
    max_file_bytes: int = Field(
        10 * MB, description="Largest file taken from Slack (Slack's file_input limit: 10 MB)"
    )
    download_timeout_seconds: float = 30.0

    @property
    def enabled(self) -> bool:
        return self.bot_token is not None and self.signing_secret is not None


class EmailSettings(BaseModel):
    listen_host: str = "127.0.0.1"
    listen_port: int = 2525
    inbox_addresses: Annotated[list[str], NoDecode] = Field(default_factory=list)
    max_message_bytes: int = 30 * MB
    tls_cert_file: str | None = None
    tls_key_file: str | None = None
    relay_host: str = "127.0.0.1"
    relay_port: int = 25
    relay_starttls: bool = False
    relay_user: str | None = None
    relay_password: SecretStr | None = None
    from_address: str = Field("resume@localhost", alias="from")
    rate_limit_per_hour: int = 10
    require_authentication_results: bool = False

    model_config = {"populate_by_name": True}

    _split = field_validator("inbox_addresses", mode="before")(_split_csv)

    @property
    def enabled(self) -> bool:
        return bool(self.inbox_addresses)


class GeminiSettings(BaseModel):
    api_key: SecretStr | None = None
    # Flash-Lite: the Flash-class model that meets the product plan's < $0.001 per resume.
    model: str = "gemini-2.5-flash-lite"
    base_url: str | None = None
    timeout_seconds: float = 30.0
    temperature: float = 0.2
    max_retries: int = 3
    price_input_per_million: float = Field(0.10, description="USD per 1M input tokens")
    price_output_per_million: float = Field(0.40, description="USD per 1M output tokens")
    # Backoff between retries (google-genai HttpRetryOptions: exponential with jitter).
    retry_initial_delay_seconds: float = 1.0
    retry_max_delay_seconds: float = 8.0
    # Thinking tokens are billed as output; 0 turns thinking off (2.5 Flash / Flash-Lite).
    # None sends no thinking config (models that refuse a budget of 0).
    thinking_budget: int | None = 0

    @property
    def enabled(self) -> bool:
        return self.api_key is not None


class WebhookSettings(BaseModel):
    allow_private_targets: bool = False
    timeout_seconds: float = 15.0
    # Seconds to wait before each retry after a failed attempt (7 attempts in ~17.5 h).
    retry_schedule_seconds: Annotated[list[float], NoDecode] = Field(
        default_factory=lambda: [5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0]
    )

    _split = field_validator("retry_schedule_seconds", mode="before")(_split_csv)


class ApiSettings(BaseModel):
    rate_limit_per_minute: int = 120
    public_base_url: str = "http://127.0.0.1:8000"
    job_description_max_chars: int = 20_000


class Settings(BaseSettings):
    """Every setting of the service. See `.env.example` for the environment names."""

    model_config = SettingsConfigDict(
        env_nested_delimiter="__",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        env_ignore_empty=True,
    )

    environment: Literal["development", "production", "test"] = "development"
    log_level: str = "INFO"
    database_url: str = "sqlite://data/resume-engine.sqlite3"
    redis_url: str = "redis://127.0.0.1:6379/0"
    retention_days: int = 30
    sentry_dsn: SecretStr | None = None
    api_keys: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list)

    limits: LimitSettings = Field(default_factory=LimitSettings)
    jobs: JobSettings = Field(default_factory=JobSettings)
    api: ApiSettings = Field(default_factory=ApiSettings)
    webhooks: WebhookSettings = Field(default_factory=WebhookSettings)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    slack: SlackSettings = Field(default_factory=SlackSettings)
    email: EmailSettings = Field(default_factory=EmailSettings)
    gemini: GeminiSettings = Field(default_factory=GeminiSettings)

    _split = field_validator("api_keys", mode="before")(_split_csv)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once. Tests call ``get_settings.cache_clear()``."""
    return Settings()
