"""Build the UN data clients and their cache front from the settings."""

from datetime import timedelta

from connectors import ConnectorConfig, ResilienceConfig, build_clients
from resolvers.indicator_cache import CachePolicy, IndicatorService
from service.metrics import ObservedIndicatorService
from service.settings import Settings


def connector_config(settings: Settings) -> ConnectorConfig:
    """Return the connectors' configuration: base URLs, the UNPD token, timeouts, retries."""
    token = settings.unpd_api_token.get_secret_value() if settings.unpd_api_token else None
    return ConnectorConfig(
        sdg_base_url=settings.sdg_api_url,
        unpd_base_url=settings.unpd_api_url,
        unhcr_base_url=settings.unhcr_api_url,
        worldbank_base_url=settings.worldbank_api_url,
        unpd_token=token,
        timeout=settings.upstream_timeout,
        connect_timeout=settings.upstream_connect_timeout,
        resilience=ResilienceConfig(
            attempts=settings.upstream_attempts,
            initial_backoff=settings.upstream_backoff,
            max_backoff=max(settings.upstream_backoff * 8, settings.upstream_backoff),
            max_retry_after=settings.upstream_max_retry_after,
        ),
    )


def cache_policy(settings: Settings, *, offline: bool | None = None) -> CachePolicy:
    """Return the cache policy: per-source TTLs, offline mode, the first year fetched."""
    default = settings.indicator_ttl_hours
    hours = {
        "SDG": settings.sdg_ttl_hours,
        "UNPD": settings.unpd_ttl_hours,
        "UNHCR": settings.unhcr_ttl_hours,
        "WORLDBANK": settings.worldbank_ttl_hours,
    }
    return CachePolicy(
        ttl={source: timedelta(hours=value or default) for source, value in hours.items()},
        offline=settings.offline if offline is None else offline,
        first_year=settings.indicator_first_year,
    )


def indicator_service(settings: Settings, *, offline: bool | None = None) -> IndicatorService:
    """Return the cache front with one HTTP client per source (none at all when offline)."""
    policy = cache_policy(settings, offline=offline)
    clients = {} if policy.offline else build_clients(connector_config(settings))
    return ObservedIndicatorService(clients, policy)
