"""Retries with backoff (tenacity), Retry-After handling, a per-source circuit breaker, and the
time budget a caller (a request with a deadline) gives every upstream call made on its behalf."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Literal, TypeVar

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
    wait_random,
)
from tenacity.stop import stop_base
from tenacity.wait import wait_base

from connectors.errors import UpstreamUnavailable

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]
BreakerState = Literal["closed", "open", "half_open"]
T = TypeVar("T")

# Statuses worth another try; only these two carry a Retry-After the server means.
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
RETRY_AFTER_STATUSES = frozenset({429, 503})
# An attempt is not started (nor a retry waited for) with less time than this left.
MIN_ATTEMPT_SECONDS = 0.05

# The loop time by which upstream calls must end; None outside a request (sync, subscriptions).
_DEADLINE: ContextVar[float | None] = ContextVar("iscm_graph_upstream_deadline", default=None)


@contextmanager
def upstream_deadline(at: float) -> Iterator[None]:
    """Make upstream calls started inside the block, in any task it starts, end by loop time `at`."""
    current = _DEADLINE.get()
    token = _DEADLINE.set(at if current is None else min(at, current))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def time_left() -> float | None:
    """Return the seconds left before the current deadline, or None when there is none."""
    at = _DEADLINE.get()
    return None if at is None else at - asyncio.get_running_loop().time()


def out_of_time(waiting: float = 0.0) -> bool:
    """Whether, `waiting` seconds from now, the deadline would leave no time for an attempt."""
    left = time_left()
    return left is not None and left - waiting < MIN_ATTEMPT_SECONDS


def attempt_seconds(limit: float) -> float:
    """Return how long one attempt may take: `limit`, or less when the deadline is nearer."""
    left = time_left()
    return limit if left is None else max(0.0, min(limit, left))


class AttemptTimedOut(Exception):
    """One attempt (connection, headers and the whole body) did not finish in its time."""

    def __init__(self, seconds: float) -> None:
        """Keep how long the attempt was allowed."""
        super().__init__(f"no complete answer within {seconds:.2g} s")
        self.seconds = seconds


# Transport failures that may heal on a second try; a bad URL or protocol will not.
RETRYABLE_TRANSPORT_ERRORS: tuple[type[Exception], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
    AttemptTimedOut,
)


@dataclass(frozen=True, slots=True)
class ResilienceConfig:
    """How hard a client tries before it reports a source unavailable."""

    attempts: int = 3
    max_backoff: float = 8.0
    breaker_threshold: int = 5
    breaker_cooldown: float = 30.0
    initial_backoff: float = 0.5
    max_retry_after: float = 30.0

    def __post_init__(self) -> None:
        """Reject settings that would disable the client or loop for ever."""
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1")
        if self.breaker_threshold < 1:
            raise ValueError("breaker_threshold must be at least 1")
        if min(self.max_backoff, self.breaker_cooldown, self.initial_backoff) < 0:
            raise ValueError("backoff and cool-down durations cannot be negative")
        if self.max_retry_after < 0:
            raise ValueError("max_retry_after cannot be negative")


class RetryableStatus(Exception):
    """An HTTP status that deserves another attempt, with the server's Retry-After if any."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        """Keep the status and the parsed Retry-After delay in seconds."""
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Return the delay a Retry-After header asks for (delta-seconds or HTTP date), or None."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        # RFC 9110 dates are GMT; a naive result means the zone was omitted.
        moment = moment.replace(tzinfo=UTC)
    reference = now or datetime.now(UTC)
    return max(0.0, (moment - reference).total_seconds())


class _RetryWait(wait_base):
    """Wait what Retry-After says (capped) when given, else exponential backoff with jitter."""

    def __init__(self, config: ResilienceConfig) -> None:
        """Build the exponential part from the config."""
        self._retry_after_cap = config.max_retry_after
        self._backoff_cap = config.max_backoff
        # Full jitter of up to one initial step spreads out clients that failed together.
        self._backoff = wait_exponential(
            multiplier=config.initial_backoff, max=config.max_backoff
        ) + wait_random(0, config.initial_backoff)

    def __call__(self, retry_state: RetryCallState) -> float:
        """Return the seconds to sleep before the next attempt."""
        outcome = retry_state.outcome
        error = outcome.exception() if outcome is not None else None
        if isinstance(error, RetryableStatus) and error.retry_after is not None:
            return min(error.retry_after, self._retry_after_cap)
        return min(self._backoff(retry_state), self._backoff_cap)


class CircuitBreaker:
    """Fail fast after repeated outages, then let one probe through after a cool-down."""

    def __init__(
        self, source: str, threshold: int, cooldown: float, clock: Clock = time.monotonic
    ) -> None:
        """Start closed, counting consecutive failures against `threshold`."""
        self.source = source
        self.threshold = threshold
        self.cooldown = cooldown
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._probe_in_flight = False

    @property
    def state(self) -> BreakerState:
        """Return closed, open, or half_open once the cool-down has passed."""
        if self._opened_at is None:
            return "closed"
        if self._clock() - self._opened_at >= self.cooldown:
            return "half_open"
        return "open"

    @property
    def failures(self) -> int:
        """Return the number of consecutive failures seen."""
        return self._failures

    def before_call(self) -> None:
        """Raise UpstreamUnavailable unless a call may go out now."""
        state = self.state
        if state == "closed":
            return
        if state == "half_open" and not self._probe_in_flight:
            self._probe_in_flight = True
            return
        opened_at = self._opened_at if self._opened_at is not None else self._clock()
        wait = max(0.0, self.cooldown - (self._clock() - opened_at))
        raise UpstreamUnavailable(
            self.source,
            f"circuit breaker open after {self._failures} consecutive failures; "
            f"next attempt allowed in {wait:.0f} s",
        )

    def record_success(self) -> None:
        """Close the breaker: the source answered."""
        self._failures = 0
        self._opened_at = None
        self._probe_in_flight = False

    def record_failure(self) -> None:
        """Count a failure; open (or re-open after a failed probe) at the threshold."""
        self._failures += 1
        self._probe_in_flight = False
        if self._opened_at is not None or self._failures >= self.threshold:
            if self._opened_at is None:
                logger.warning("%s: circuit breaker opened", self.source)
            self._opened_at = self._clock()

    def abandon(self) -> None:
        """Forget a probe that ended without a verdict (e.g. the caller was cancelled)."""
        self._probe_in_flight = False


def _log_retry(source: str) -> Callable[[RetryCallState], None]:
    """Return a tenacity hook that logs each retry in one line."""

    def log(retry_state: RetryCallState) -> None:
        outcome = retry_state.outcome
        error = outcome.exception() if outcome is not None else None
        wait = retry_state.next_action.sleep if retry_state.next_action else 0.0
        logger.info(
            "%s: attempt %d failed (%s); retrying in %.1f s",
            source,
            retry_state.attempt_number,
            type(error).__name__ if error else "unknown",
            wait,
        )

    return log


class _OutOfTime(stop_base):
    """Stop retrying when the wait before the next attempt would leave it no time to run."""

    def __call__(self, retry_state: RetryCallState) -> bool:
        """Whether the upcoming wait would end past the request's deadline."""
        return out_of_time(retry_state.upcoming_sleep)


async def with_retries(
    source: str, config: ResilienceConfig, sleep: Sleep, operation: Callable[[], Awaitable[T]]
) -> T:
    """Run `operation`, retrying transient failures, and raise UpstreamUnavailable at the end.

    Under a deadline (`upstream_deadline`) no retry is waited for that could not run before it.
    """
    retrying = AsyncRetrying(
        stop=stop_after_attempt(config.attempts) | _OutOfTime(),
        wait=_RetryWait(config),
        retry=retry_if_exception_type((RetryableStatus, *RETRYABLE_TRANSPORT_ERRORS)),
        sleep=sleep,
        before_sleep=_log_retry(source),
        reraise=True,
    )

    def attempts() -> str:
        tried = retrying.statistics.get("attempt_number", config.attempts)
        text = f"{tried} attempt{'s' if tried != 1 else ''}"
        return text if tried >= config.attempts else f"{text}, all the request's time allowed"

    try:
        async for attempt in retrying:
            with attempt:
                return await operation()
    except RetryableStatus as error:
        raise UpstreamUnavailable(source, f"HTTP {error.status} after {attempts()}") from None
    except AttemptTimedOut as error:
        raise UpstreamUnavailable(source, f"timed out ({error}) after {attempts()}") from None
    except httpx.TimeoutException as error:
        raise UpstreamUnavailable(
            source, f"timed out ({type(error).__name__}) after {attempts()}"
        ) from None
    except (httpx.NetworkError, httpx.RemoteProtocolError) as error:
        raise UpstreamUnavailable(
            source, f"network error ({type(error).__name__}) after {attempts()}"
        ) from None
    raise AssertionError("unreachable: tenacity either returns or re-raises")  # pragma: no cover
