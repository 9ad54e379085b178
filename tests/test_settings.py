"""Configuration: URLs normalised, bad values refused in one line."""

import pytest

from service.settings import ConfigurationError, load_settings, normalise_database_url


@pytest.mark.parametrize(
    "raw",
    [
        "postgresql://u:p@db:5432/iscm",
        "postgres://u:p@db:5432/iscm",
        "postgresql+asyncpg://u:p@db:5432/iscm",
    ],
)
def test_postgres_urls_become_asyncpg_urls(raw):
    assert normalise_database_url(raw) == "postgresql+asyncpg://u:p@db:5432/iscm"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("not a url", "is not a URL"),
        ("mysql://u@db/iscm", "scheme 'mysql' is not supported"),
        ("postgresql://u@db", "names no database"),
    ],
)
def test_bad_urls_are_refused_with_a_reason(raw, message):
    with pytest.raises(ConfigurationError, match=message):
        normalise_database_url(raw)


def test_plain_and_prefixed_database_url_are_both_read(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://a@h/one")
    assert load_settings().database_url == "postgresql+asyncpg://a@h/one"
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.setenv("ISCM_DATABASE_URL", "postgresql://a@h/two")
    assert load_settings().database_url == "postgresql+asyncpg://a@h/two"


def test_invalid_values_name_the_environment_variable_not_the_field(monkeypatch):
    monkeypatch.setenv("ISCM_PORT", "eighty")
    monkeypatch.setenv("ISCM_RATE_LIMIT_BURST", "-1")
    with pytest.raises(ConfigurationError) as refused:
        load_settings()
    message = str(refused.value)
    assert message.startswith("invalid configuration: ISCM_PORT: ")
    assert "; ISCM_RATE_LIMIT_BURST: " in message
    assert "port:" not in message.replace("ISCM_PORT:", "")
    assert "eighty" not in message  # values are never echoed: some are secrets
    monkeypatch.setenv("ISCM_PORT", "8000")
    monkeypatch.delenv("ISCM_RATE_LIMIT_BURST")
    monkeypatch.setenv("DATABASE_URL", "mysql://x@y/z")
    with pytest.raises(
        ConfigurationError, match=r"^invalid configuration: DATABASE_URL: .*not supported"
    ):
        load_settings()


def test_trusted_proxies_are_addresses_or_networks(monkeypatch):
    monkeypatch.setenv("ISCM_TRUSTED_PROXIES", "10.0.0.5, 172.28.0.0/16,::1")
    assert load_settings().trusted_proxies == ("10.0.0.5", "172.28.0.0/16", "::1")
    monkeypatch.setenv("ISCM_TRUSTED_PROXIES", "*")
    assert load_settings().trusted_proxies == ("*",)
    monkeypatch.delenv("ISCM_TRUSTED_PROXIES")
    assert load_settings().trusted_proxies == ()
    monkeypatch.setenv("ISCM_TRUSTED_PROXIES", "10.0.0.5,gateway")
    with pytest.raises(ConfigurationError, match=r"ISCM_TRUSTED_PROXIES: .*'gateway' is not an IP"):
        load_settings()


def test_the_migration_url_is_read_normalised_and_needs_a_service_url(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("ISCM_DATABASE_URL", raising=False)
    monkeypatch.setenv("ISCM_MIGRATION_DATABASE_URL", "postgresql://owner@h/db")
    with pytest.raises(ConfigurationError, match="ISCM_MIGRATION_DATABASE_URL needs DATABASE_URL"):
        load_settings()
    monkeypatch.setenv("DATABASE_URL", "postgresql://service@h/db")
    assert load_settings().migration_database_url == "postgresql+asyncpg://owner@h/db"
    monkeypatch.setenv("ISCM_MIGRATION_DATABASE_URL", "mysql://owner@h/db")
    with pytest.raises(ConfigurationError, match="ISCM_MIGRATION_DATABASE_URL scheme 'mysql'"):
        load_settings()
