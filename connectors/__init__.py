"""Async HTTP clients for the UN migration data sources (SDG, UNPD, UNHCR, World Bank)."""

from connectors.errors import (
    SourceNotConfigured,
    UpstreamBadResponse,
    UpstreamError,
    UpstreamRejected,
    UpstreamUnavailable,
)
from connectors.http import USER_AGENT, HttpSettings, SourceClient
from connectors.models import (
    SDG_CUSTODIANS,
    SDG_INFO,
    SOURCES,
    UNHCR_INFO,
    UNPD_INFO,
    WORLDBANK_INFO,
    Observation,
    SourceInfo,
    SourceKey,
    StateRef,
    normalise_m49,
)
from connectors.registry import ConnectorConfig, aclose, build_clients
from connectors.resilience import (
    CircuitBreaker,
    ResilienceConfig,
    parse_retry_after,
    upstream_deadline,
)
from connectors.sdg import SDG_BASE_URL, SdgClient
from connectors.unhcr import UNHCR_BASE_URL, UNHCR_CODES, UnhcrClient
from connectors.unpd import UNPD_BASE_URL, UnpdClient
from connectors.worldbank import WORLDBANK_BASE_URL, WorldBankClient

Client = SourceClient

__all__ = [
    "SDG_BASE_URL",
    "SDG_CUSTODIANS",
    "SDG_INFO",
    "SOURCES",
    "UNHCR_BASE_URL",
    "UNHCR_CODES",
    "UNHCR_INFO",
    "UNPD_BASE_URL",
    "UNPD_INFO",
    "USER_AGENT",
    "WORLDBANK_BASE_URL",
    "WORLDBANK_INFO",
    "CircuitBreaker",
    "Client",
    "ConnectorConfig",
    "HttpSettings",
    "Observation",
    "ResilienceConfig",
    "SdgClient",
    "SourceClient",
    "SourceInfo",
    "SourceKey",
    "SourceNotConfigured",
    "StateRef",
    "UnhcrClient",
    "UnpdClient",
    "UpstreamBadResponse",
    "UpstreamError",
    "UpstreamRejected",
    "UpstreamUnavailable",
    "WorldBankClient",
    "aclose",
    "build_clients",
    "normalise_m49",
    "parse_retry_after",
    "upstream_deadline",
]
