"""Service configuration: one settings class read from the environment."""

import ipaddress
import re
from pathlib import Path
from typing import Annotated, Any

import platformdirs
from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from connectors import SDG_BASE_URL, UNHCR_BASE_URL, UNPD_BASE_URL, WORLDBANK_BASE_URL

ASYNC_DRIVER = "postgresql+asyncpg"
_ACCEPTED_SCHEMES = {"postgres", "postgresql", "postgresql+asyncpg"}
_ORIGIN = re.compile(r"https?://[^/\s:]+(:\d{1,5})?")
_HTTP_URL = re.compile(r"https?://[^/\s:?#]+(:\d{1,5})?(/[^\s?#]*)?")


class ConfigurationError(Exception):
    """A setting cannot work; the message is one line meant for the operator."""


def normalise_database_url(raw: str, variable: str = "DATABASE_URL") -> str:
    """Return `raw` as an asyncpg SQLAlchemy URL, or raise ConfigurationError naming `variable`."""
    try:
        url = make_url(raw.strip())
    except ArgumentError:
        raise ConfigurationError(
            f"{variable} is not a URL; expected postgresql://user:password@host:port/database"
        ) from None
    if url.drivername not in _ACCEPTED_SCHEMES:
        raise ConfigurationError(
            f"{variable} scheme {url.drivername!r} is not supported; use postgresql://"
        )
    if not url.database:
        raise ConfigurationError(f"{variable} names no database (…/database_name)")
    return url.set(drivername=ASYNC_DRIVER).render_as_string(hide_password=False)


def sync_url(async_url: str) -> URL:
    """Return the URL of `async_url` for tools that need a plain asyncpg DSN."""
    return make_url(async_url).set(drivername="postgresql")


class Settings(BaseSettings):
    """Everything the service reads from its environment (prefix ISCM_)."""

    model_config = SettingsConfigDict(env_prefix="ISCM_", extra="ignore", populate_by_name=True)

    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "ISCM_DATABASE_URL"),
        description="PostgreSQL URL; unset means an embedded PostgreSQL in data_dir.",
    )
    migration_database_url: str | None = Field(
        default=None,
        description="PostgreSQL URL of the schema's owner (migrations, seeding, the command "
        "line); unset means database_url.",
    )
    data_dir: Path = Field(
        default_factory=lambda: platformdirs.user_data_path("iscm-graph"),
        description="Where the embedded PostgreSQL keeps its files.",
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    log_level: str = "info"
    pool_size: int = Field(default=10, ge=1, le=200)
    pool_max_overflow: int = Field(default=10, ge=0, le=200)
    max_page_size: int = Field(default=100, ge=1, le=10_000)
    default_page_size: int = Field(default=20, ge=1, le=10_000)
    # HTTP and execution limits (service/graphql_http.py, schema/admission.py, schema/limits.py).
    max_document_length: int = Field(default=65_536, ge=100, le=10_000_000)
    max_depth: int = Field(default=12, ge=1, le=1_000)
    max_tokens: int = Field(default=5000, ge=10, le=1_000_000)
    max_selections: int = Field(default=5000, ge=1, le=10_000_000)
    max_aliases: int = Field(default=30, ge=0, le=10_000)
    max_cost: int = Field(default=50_000, ge=1)
    max_response_bytes: int = Field(default=8_388_608, ge=1_024)
    max_body_bytes: int = Field(default=1_048_576, ge=1_024)
    # Bytes each in-process cache of documents may hold (parsed, validated, costs, plans).
    cache_max_bytes: int = Field(default=16_777_216, ge=0)
    # Responses at least this long are gzip-compressed for clients that accept it (0: never).
    compress_min_bytes: int = Field(default=1024, ge=0)
    cors_origins: Annotated[tuple[str, ...], NoDecode] = ()
    # Peers whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or CIDRs).
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ()
    introspection: bool = True
    # The write API: bulk import limit and optional JWT authentication (API keys always work).
    max_import_items: int = Field(default=500, ge=1, le=10_000)
    jwt_jwks_url: str | None = None
    jwt_public_key: str | None = None
    jwt_issuer: str | None = None
    jwt_audience: str | None = None
    jwt_role_claim: str = "role"
    jwt_iscms_claim: str = "iscms"
    # UN data: the sources' base URLs, the UNPD token, timeouts and the cache (README: UN data).
    sdg_api_url: str = SDG_BASE_URL
    unpd_api_url: str = UNPD_BASE_URL
    unhcr_api_url: str = UNHCR_BASE_URL
    worldbank_api_url: str = WORLDBANK_BASE_URL
    unpd_api_token: SecretStr | None = None
    offline: bool = False
    upstream_timeout: float = Field(default=20.0, gt=0, le=300)
    upstream_connect_timeout: float = Field(default=5.0, gt=0, le=60)
    upstream_attempts: int = Field(default=3, ge=1, le=10)
    upstream_backoff: float = Field(default=0.5, ge=0, le=60)
    upstream_max_retry_after: float = Field(default=10.0, ge=0, le=600)
    indicator_ttl_hours: float = Field(default=24.0, gt=0)
    sdg_ttl_hours: float | None = Field(default=None, gt=0)
    unpd_ttl_hours: float | None = Field(default=None, gt=0)
    unhcr_ttl_hours: float | None = Field(default=None, gt=0)
    worldbank_ttl_hours: float | None = Field(default=None, gt=0)
    indicator_first_year: int = Field(default=1990, ge=1900, le=2100)
    # Operations (README: Operations): logs, rate limits, persisted queries, timeouts, shutdown.
    log_json: bool = True
    # Off unless set: a limit must be chosen for the deployment (deploy/compose.yaml sets one).
    rate_limit_per_minute: int = Field(default=0, ge=0)
    rate_limit_anonymous_per_minute: int = Field(default=0, ge=0)
    rate_limit_burst: int = Field(default=0, ge=0)
    # Running subscriptions per API key (or JWT), or per address without credentials.
    max_subscriptions_per_client: int = Field(default=100, ge=1, le=100_000)
    redis_url: str | None = None
    persisted_only: bool = False
    persisted_cache_max_age: int = Field(default=300, ge=0, le=86_400)
    persisted_lru_size: int = Field(default=1000, ge=0, le=1_000_000)
    # APQ registrations (service/persisted.py): size, number kept, and pace per client.
    persisted_max_length: int = Field(default=32_768, ge=100, le=10_000_000)
    persisted_max_entries: int = Field(default=10_000, ge=0, le=10_000_000)
    persisted_registrations_per_hour: int = Field(default=60, ge=1, le=1_000_000)
    request_timeout_seconds: float = Field(default=30.0, gt=0, le=3600)
    graceful_shutdown_seconds: float = Field(default=30.0, ge=0, le=3600)
    metrics: bool = True
    # The atlas at /atlas, whose queries are allow-listed at start-up (service/atlas.py).
    atlas: bool = True

    @field_validator("database_url", "migration_database_url")
    @classmethod
    def _normalise_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or not value.strip():
            return None
        variable = (
            "DATABASE_URL" if info.field_name == "database_url" else "ISCM_MIGRATION_DATABASE_URL"
        )
        try:
            return normalise_database_url(value, variable)
        except ConfigurationError as error:
            raise ValueError(str(error)) from None

    @model_validator(mode="after")
    def _owner_needs_a_service_url(self) -> "Settings":
        if self.migration_database_url is not None and self.database_url is None:
            raise ValueError(
                "ISCM_MIGRATION_DATABASE_URL needs DATABASE_URL, the service's connection "
                "(set neither to use the embedded PostgreSQL)"
            )
        return self

    @field_validator("cors_origins", "trusted_proxies", mode="before")
    @classmethod
    def _split_list(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(item.strip() for item in value.split(",") if item.strip())
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _ip_networks(cls, proxies: tuple[str, ...]) -> tuple[str, ...]:
        for proxy in proxies:
            if proxy == "*":
                continue
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError:
                raise ValueError(
                    f"{proxy!r} is not an IP address or network such as 10.0.0.5 or 10.0.0.0/24"
                ) from None
        return proxies

    @field_validator("cors_origins")
    @classmethod
    def _known_origins(cls, origins: tuple[str, ...]) -> tuple[str, ...]:
        for origin in origins:
            if origin != "*" and not _ORIGIN.fullmatch(origin):
                raise ValueError(f"{origin!r} is not an origin such as https://example.org")
        return origins

    @field_validator("sdg_api_url", "unpd_api_url", "unhcr_api_url", "worldbank_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        url = value.strip().rstrip("/")
        if not _HTTP_URL.fullmatch(url):
            raise ValueError(f"{value!r} is not an http(s) URL such as https://api.example.org/v1")
        return url

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.lower()
        if level not in {"critical", "error", "warning", "info", "debug"}:
            raise ValueError("must be one of critical, error, warning, info, debug")
        return level


def environment_variable(name: str) -> str:
    """Return the environment variable that sets the setting `name` (a field or its alias)."""
    field = Settings.model_fields.get(name)
    if field is None:
        return name  # an alias, such as DATABASE_URL, is the variable itself
    if isinstance(field.validation_alias, AliasChoices):
        return str(field.validation_alias.choices[0])
    return f"{Settings.model_config['env_prefix']}{name.upper()}"


def load_settings(**overrides: Any) -> Settings:
    """Read settings from the environment, turning validation failures into one line.

    Each problem names the environment variable, never the value (it may be a secret).
    """
    try:
        return Settings(**overrides)
    except ValidationError as error:
        problems = "; ".join(
            f"{environment_variable(str(e['loc'][0])) if e['loc'] else 'settings'}: {e['msg']}"
            for e in error.errors()
        )
        raise ConfigurationError(f"invalid configuration: {problems}") from None
