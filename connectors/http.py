"""The shared HTTP machinery: one httpx client per source, limits, retries, breaker, JSON."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self, TypedDict

import httpx

from connectors.errors import (
    SourceNotConfigured,
    UpstreamBadResponse,
    UpstreamError,
    UpstreamRejected,
    UpstreamUnavailable,
)
from connectors.models import Observation, SourceInfo, SourceKey, StateRef
from connectors.resilience import (
    RETRY_AFTER_STATUSES,
    RETRY_STATUSES,
    AttemptTimedOut,
    CircuitBreaker,
    Clock,
    ResilienceConfig,
    RetryableStatus,
    Sleep,
    attempt_seconds,
    out_of_time,
    parse_retry_after,
    with_retries,
)

logger = logging.getLogger(__name__)

USER_AGENT = (
    "iscm-graph/0.1 (Inter-State Consultation Mechanisms on migration GraphQL API; "
    "UN data connectors; python-httpx)"
)
# A runaway pager (a server ignoring the page parameter) must not loop for ever.
MAX_PAGES = 500
# Keeps query strings and paths well under common URL limits (~8 kB) for large State lists.
MAX_STATES_PER_REQUEST = 100

QueryParams = Sequence[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class HttpSettings:
    """Transport settings one client applies to every request it sends.

    `timeout` bounds each attempt as a whole (connection, headers and the whole body, so a
    source dripping bytes is cut off too) and each gap between bytes; `connect_timeout` the
    connection. Under a request's deadline an attempt gets no more than the time left.
    """

    timeout: float = 30.0
    connect_timeout: float = 10.0
    max_concurrency: int = 4
    user_agent: str = USER_AGENT
    resilience: ResilienceConfig = field(default_factory=ResilienceConfig)

    def __post_init__(self) -> None:
        """Reject settings that cannot work."""
        if self.max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        if self.timeout <= 0 or self.connect_timeout <= 0:
            raise ValueError("timeouts must be positive")


class ClientOptions(TypedDict, total=False):
    """Keyword arguments every source client accepts."""

    http: httpx.AsyncClient | None
    settings: HttpSettings | None
    sleep: Sleep | None
    clock: Clock | None


@dataclass(frozen=True, slots=True)
class JsonResponse:
    """A decoded JSON body with the URL and headers it came with."""

    url: httpx.URL
    body: Any
    headers: httpx.Headers


def chunked(items: Sequence[StateRef], size: int) -> Iterator[list[StateRef]]:
    """Yield `items` in consecutive lists of at most `size`."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def unique_states(states: Iterable[StateRef]) -> list[StateRef]:
    """Return the States once each (by ISO3), in the order given."""
    seen: dict[str, StateRef] = {}
    for state in states:
        seen.setdefault(state.iso3, state)
    return list(seen.values())


def as_int(value: Any) -> int | None:
    """Return an int from an int or a digit string (page counters vary by API), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def check_code(code: str, pattern: re.Pattern[str], source: str) -> str:
    """Return `code` stripped, or raise ValueError when it cannot be a code of `source`."""
    text = code.strip()
    if not pattern.fullmatch(text):
        raise ValueError(f"{source}: {code!r} is not a valid code")
    return text


def check_years(start_year: int | None, end_year: int | None) -> None:
    """Raise ValueError when the year bounds are reversed."""
    if start_year is not None and end_year is not None and start_year > end_year:
        raise ValueError(f"start_year {start_year} is after end_year {end_year}")


def observation_order(observation: Observation) -> tuple[str, str, int]:
    """Sort observations by code, State and year so answers are deterministic."""
    return observation.code, observation.iso3, observation.year


class SourceClient(ABC):
    """One UN data source behind one httpx.AsyncClient, with limits, retries and a breaker."""

    info: ClassVar[SourceInfo]
    default_base_url: ClassVar[str]

    def __init__(
        self,
        base_url: str | None = None,
        *,
        http: httpx.AsyncClient | None = None,
        settings: HttpSettings | None = None,
        sleep: Sleep | None = None,
        clock: Clock | None = None,
    ) -> None:
        """Wrap `http` when given (the caller closes it), else create and own a client."""
        self.base_url = (base_url or self.default_base_url).rstrip("/")
        self.settings = settings or HttpSettings()
        self._timeout = httpx.Timeout(self.settings.timeout, connect=self.settings.connect_timeout)
        self._headers = {"User-Agent": self.settings.user_agent, "Accept": "application/json"}
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(
            headers=self._headers,
            timeout=self._timeout,
            follow_redirects=True,
            limits=httpx.Limits(max_connections=self.settings.max_concurrency),
        )
        self._semaphore = asyncio.Semaphore(self.settings.max_concurrency)
        self._sleep: Sleep = sleep or asyncio.sleep
        resilience = self.settings.resilience
        self.breaker = CircuitBreaker(
            self.source,
            resilience.breaker_threshold,
            resilience.breaker_cooldown,
            clock or time.monotonic,
        )

    @property
    def source(self) -> SourceKey:
        """Return the source key observations carry."""
        return self.info.key

    @abstractmethod
    async def fetch(
        self,
        codes: list[str],
        states: list[StateRef],
        start_year: int | None = None,
        end_year: int | None = None,
    ) -> list[Observation]:
        """Return the observations of `codes` for `states`, batched per code."""

    async def aclose(self) -> None:
        """Close the httpx client if this object created it."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        """Return self for `async with`."""
        return self

    async def __aexit__(self, *_exc: object) -> None:
        """Close on leaving `async with`."""
        await self.aclose()

    def url(self, path: str) -> httpx.URL:
        """Return the absolute URL of an API path under the configured base URL."""
        return httpx.URL(self.base_url + path)

    async def get_json(
        self,
        url: httpx.URL,
        params: QueryParams | None = None,
        headers: dict[str, str] | None = None,
    ) -> JsonResponse:
        """GET `url` through the breaker and retries, and return its JSON body."""
        if out_of_time():
            # Not the source's fault: the breaker is neither consulted nor told.
            raise UpstreamUnavailable(self.source, "no time left in the request to ask it")
        self.breaker.before_call()
        try:
            response = await with_retries(
                self.source,
                self.settings.resilience,
                self._sleep,
                lambda: self._send_once(url, params, headers),
            )
        except UpstreamUnavailable:
            self.breaker.record_failure()
            raise
        except UpstreamError:
            # The source answered (with a refusal); it is up as far as the breaker cares.
            self.breaker.record_success()
            raise
        except BaseException:
            self.breaker.abandon()
            raise
        self.breaker.record_success()
        return JsonResponse(url=response.url, body=self._decode(response), headers=response.headers)

    async def _send_once(
        self, url: httpx.URL, params: QueryParams | None, headers: dict[str, str] | None
    ) -> httpx.Response:
        """Send one GET and classify its status; 2xx comes back, the rest raises."""
        merged = {**self._headers, **(headers or {})}
        seconds = attempt_seconds(self.settings.timeout)
        try:
            # Waiting for a free connection counts against the attempt too.
            async with asyncio.timeout(seconds), self._semaphore:
                response = await self._http.get(
                    url,
                    params=list(params) if params is not None else None,
                    headers=merged,
                    timeout=self._timeout,
                    follow_redirects=True,
                )
        except TimeoutError:
            raise AttemptTimedOut(seconds) from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL):
            raise SourceNotConfigured(
                self.source, f"base URL {self.base_url!r} is not a usable http(s) URL"
            ) from None
        except httpx.TooManyRedirects:
            raise UpstreamBadResponse(self.source, "redirected too many times") from None
        status = response.status_code
        if status in RETRY_STATUSES or status >= 500:
            retry_after = (
                parse_retry_after(response.headers.get("Retry-After"))
                if status in RETRY_AFTER_STATUSES
                else None
            )
            raise RetryableStatus(status, retry_after)
        if status >= 400:
            raise self._client_error(response)
        if status >= 300:
            raise UpstreamBadResponse(self.source, f"HTTP {status} without a usable redirect")
        return response

    def _client_error(self, response: httpx.Response) -> UpstreamError:
        """Return the error for a 4xx answer; sources override this for their conventions."""
        status = response.status_code
        if status in {401, 403}:
            return UpstreamRejected(self.source, f"HTTP {status}: access refused", str(status))
        if status == 404:
            return UpstreamRejected(self.source, "HTTP 404: no such resource", "404")
        return UpstreamRejected(self.source, f"HTTP {status}: query refused", str(status))

    def _decode(self, response: httpx.Response) -> Any:
        """Return the JSON body, or raise UpstreamBadResponse for HTML, empty or broken bodies."""
        head = response.content[:256].lstrip()
        # Judge by the body, not the Content-Type: some APIs label JSON as text/html.
        if head[:1] == b"<":
            raise UpstreamBadResponse(
                self.source, f"answered HTTP {response.status_code} with an HTML page, not JSON"
            )
        if not head:
            raise UpstreamBadResponse(
                self.source, f"answered HTTP {response.status_code} with an empty body"
            )
        try:
            return response.json()
        except ValueError:
            raise UpstreamBadResponse(self.source, "answered with malformed JSON") from None

    def bad_shape(self, what: str) -> UpstreamBadResponse:
        """Return the error for a body that is JSON but not the documented shape."""
        return UpstreamBadResponse(self.source, f"unexpected response shape: {what}")

    async def gather_observations(
        self, jobs: Iterable[Awaitable[list[Observation]]]
    ) -> list[Observation]:
        """Run batched jobs concurrently, raise the first error, and sort the observations."""
        results = await asyncio.gather(*jobs, return_exceptions=True)
        observations: list[Observation] = []
        for result in results:
            if isinstance(result, BaseException):
                raise result
            observations.extend(result)
        observations.sort(key=observation_order)
        return observations
