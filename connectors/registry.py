"""Build one client per source from a plain configuration, and close them together."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field

from connectors.http import USER_AGENT, HttpSettings, SourceClient
from connectors.resilience import Clock, ResilienceConfig, Sleep
from connectors.sdg import SDG_BASE_URL, SdgClient
from connectors.unhcr import UNHCR_BASE_URL, UnhcrClient
from connectors.unpd import UNPD_BASE_URL, UnpdClient
from connectors.worldbank import WORLDBANK_BASE_URL, WorldBankClient


@dataclass(frozen=True, slots=True)
class ConnectorConfig:
    """Base URLs, the UNPD token, timeouts and limits for every source client."""

    sdg_base_url: str = SDG_BASE_URL
    unpd_base_url: str = UNPD_BASE_URL
    unhcr_base_url: str = UNHCR_BASE_URL
    worldbank_base_url: str = WORLDBANK_BASE_URL
    # Kept out of repr so the token never lands in logs.
    unpd_token: str | None = field(default=None, repr=False)
    timeout: float = 30.0
    connect_timeout: float = 10.0
    max_concurrency: int = 4
    user_agent: str = USER_AGENT
    resilience: ResilienceConfig = field(default_factory=ResilienceConfig)

    def http_settings(self) -> HttpSettings:
        """Return the transport settings every client shares."""
        return HttpSettings(
            timeout=self.timeout,
            connect_timeout=self.connect_timeout,
            max_concurrency=self.max_concurrency,
            user_agent=self.user_agent,
            resilience=self.resilience,
        )


def build_clients(
    config: ConnectorConfig | None = None,
    *,
    sleep: Sleep | None = None,
    clock: Clock | None = None,
) -> dict[str, SourceClient]:
    """Return one client per source key (SDG, UNPD, UNHCR, WORLDBANK), each with its own pool."""
    config = config or ConnectorConfig()
    settings = config.http_settings()
    clients: list[SourceClient] = [
        SdgClient(config.sdg_base_url, settings=settings, sleep=sleep, clock=clock),
        UnpdClient(
            config.unpd_base_url,
            token=config.unpd_token,
            settings=settings,
            sleep=sleep,
            clock=clock,
        ),
        UnhcrClient(config.unhcr_base_url, settings=settings, sleep=sleep, clock=clock),
        WorldBankClient(config.worldbank_base_url, settings=settings, sleep=sleep, clock=clock),
    ]
    return {client.source: client for client in clients}


async def aclose(clients: Mapping[str, SourceClient]) -> None:
    """Close every client, even when one of them fails to close."""
    results = await asyncio.gather(
        *(client.aclose() for client in clients.values()), return_exceptions=True
    )
    for result in results:
        if isinstance(result, BaseException):
            raise result
