"""Service configuration: one settings class read from the environment."""

from pathlib import Path

import platformdirs
from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

ASYNC_DRIVER = "postgresql+asyncpg"
_ACCEPTED_SCHEMES = {"postgres", "postgresql", "postgresql+asyncpg"}


class ConfigurationError(Exception):
    """A setting cannot work; the message is one line meant for the operator."""


def normalise_database_url(raw: str) -> str:
    """Return `raw` as an asyncpg SQLAlchemy URL, or raise ConfigurationError."""
    try:
        url = make_url(raw.strip())
    except ArgumentError:
        raise ConfigurationError(
            "DATABASE_URL is not a URL; expected postgresql://user:password@host:port/database"
        ) from None
    if url.drivername not in _ACCEPTED_SCHEMES:
        raise ConfigurationError(
            f"DATABASE_URL scheme {url.drivername!r} is not supported; use postgresql://"
        )
    if not url.database:
        raise ConfigurationError("DATABASE_URL names no database (…/database_name)")
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

    @field_validator("database_url")
    @classmethod
    def _normalise_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        try:
            return normalise_database_url(value)
        except ConfigurationError as error:
            raise ValueError(str(error)) from None

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.lower()
        if level not in {"critical", "error", "warning", "info", "debug"}:
            raise ValueError("must be one of critical, error, warning, info, debug")
        return level


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment, turning validation failures into one line."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}"
            for e in error.errors()
        )
        raise ConfigurationError(f"invalid configuration: {problems}") from None
