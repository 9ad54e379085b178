"""Rate limits: token buckets per API key or JWT subject and per client address; 429 when empty.

Each bucket holds `burst` tokens (one minute's worth when ISCM_RATE_LIMIT_BURST is 0) and
refills at the per-minute rate; each request takes one. Buckets live in this process, or in
Redis when ISCM_REDIS_URL is set so that every instance shares them (a Lua script refills and
takes atomically, on Redis's clock). A limit of 0 switches that limit off. When Redis cannot
be reached requests are let through and a warning is logged: the limiter protects the
service, it must not take it down.
"""

import hashlib
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from starlette.types import ASGIApp, Receive, Scope, Send

from resolvers.errors import ErrorCode
from resolvers.principal import Principal
from service import metrics
from service.auth import principal_of
from service.middleware import WatchedResponse, error_body, header_of, send_json
from service.settings import Settings

log = logging.getLogger("iscm_graph.ratelimit")

UNLIMITED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
MAX_LOCAL_BUCKETS = 100_000
MAX_VERIFIED_TOKENS = 10_000
REDIS_KEY_PREFIX = "iscm-graph:ratelimit:"


@dataclass(frozen=True)
class Decision:
    """Whether a request may go ahead, and if not, how long until it may."""

    allowed: bool
    retry_after: float = 0.0

    @property
    def retry_after_seconds(self) -> int:
        """The wait told to the client: whole seconds, at least one."""
        return max(1, math.ceil(self.retry_after))


def rate_limited_message(retry_after: int) -> str:
    """Return the message of a refusal by the rate limit."""
    return f"Too many requests; retry in {retry_after} s."


@dataclass(frozen=True)
class Limit:
    """A bucket's shape: capacity in requests and refill rate in requests per second."""

    capacity: float
    per_second: float

    @classmethod
    def per_minute(cls, requests: int, burst: int) -> "Limit":
        """Return the limit of `requests` per minute with `burst` capacity (0: a minute's worth)."""
        return cls(capacity=float(burst or requests), per_second=requests / 60.0)


class Buckets(Protocol):
    """Where token buckets are kept."""

    async def take(self, key: str, limit: Limit) -> Decision:
        """Take one token from `key`'s bucket."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...


class LocalBuckets:
    """Buckets in this process's memory, least recently used dropped past a bound."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._clock = clock

    async def take(self, key: str, limit: Limit) -> Decision:
        """Refill `key`'s bucket for the time passed, then take one token if there is one."""
        now = self._clock()
        tokens, updated = self._buckets.pop(key, (limit.capacity, now))
        tokens = min(limit.capacity, tokens + (now - updated) * limit.per_second)
        if tokens >= 1:
            decision = Decision(allowed=True)
            tokens -= 1
        else:
            decision = Decision(allowed=False, retry_after=(1 - tokens) / limit.per_second)
        self._buckets[key] = (tokens, now)
        if len(self._buckets) > MAX_LOCAL_BUCKETS:
            self._buckets.popitem(last=False)
        return decision

    async def close(self) -> None:
        """Nothing to release."""


# KEYS[1] the bucket; ARGV capacity, tokens per second. Returns {allowed, retry_after}.
TAKE_SCRIPT = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(state[1]) or capacity
local updated = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - updated) * rate)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000) + 1000)
return {allowed, tostring(wait)}
"""


class RedisBuckets:
    """Buckets in Redis, shared by every instance."""

    def __init__(self, url: str, *, prefix: str = REDIS_KEY_PREFIX) -> None:
        from redis.asyncio import Redis  # noqa: PLC0415 - only needed when Redis is configured

        self._redis = Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)
        self._script = self._redis.register_script(TAKE_SCRIPT)
        self._prefix = prefix

    async def take(self, key: str, limit: Limit) -> Decision:
        """Take one token atomically; let the request through when Redis is unreachable."""
        from redis.exceptions import RedisError  # noqa: PLC0415

        try:
            allowed, wait = await self._script(
                keys=[self._prefix + key], args=[limit.capacity, limit.per_second]
            )
        except (RedisError, OSError) as error:
            log.warning("ratelimit.redis_unavailable error=%s", type(error).__name__)
            return Decision(allowed=True)
        return Decision(allowed=bool(int(allowed)), retry_after=float(wait))

    async def close(self) -> None:
        """Close the connection pool."""
        await self._redis.aclose()


def buckets_for(settings: Settings) -> Buckets:
    """Return Redis buckets when ISCM_REDIS_URL is set, else in-process ones."""
    return RedisBuckets(settings.redis_url) if settings.redis_url else LocalBuckets()


class VerifiedTokens:
    """Bearer tokens that authenticated in this process, by digest, with their subject.

    Only a token in here draws from its own bucket (its API key's or JWT subject's). Any
    other token (unknown, malformed, revoked, or not yet seen by this process) draws from
    the `unverified` bucket of its client address before authentication looks it up, so
    inventing tokens neither mints fresh buckets nor buys unlimited database lookups.
    A token refused by authentication is forgotten at once. Least recently used digests
    are dropped past a bound.
    """

    def __init__(self, size: int = MAX_VERIFIED_TOKENS) -> None:
        self._subjects: OrderedDict[bytes, str] = OrderedDict()
        self._size = size

    def subject_of(self, digest: bytes) -> str | None:
        """Return the subject the token with this digest authenticated as, if it did."""
        subject = self._subjects.get(digest)
        if subject is not None:
            self._subjects.move_to_end(digest)
        return subject

    def remember(self, digest: bytes, subject: str) -> None:
        """Note that the token authenticated as `subject`."""
        self._subjects[digest] = subject
        self._subjects.move_to_end(digest)
        if len(self._subjects) > self._size:
            self._subjects.popitem(last=False)

    def forget(self, digest: bytes) -> None:
        """Note that the token no longer authenticates."""
        self._subjects.pop(digest, None)


def bearer_token(scope: Scope) -> str | None:
    """Return the bearer token of a request's Authorization header, if it has one."""
    scheme, _, token = (header_of(scope, b"authorization") or "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def address_of(scope: Scope) -> str:
    """Return the client address a request came from."""
    client = scope.get("client")
    return client[0] if client else "unknown"


RATE_LIMIT_KEY = "iscm_graph.rate_limit"


class RateLimit:
    """Pure ASGI middleware: take a token per request, answer 429 with Retry-After when empty.

    Buckets: `key` per verified API key or JWT subject, `address` per client address
    without credentials, `unverified` per client address for credentials this process has
    not seen authenticate (see VerifiedTokens). The unverified bucket has the anonymous
    limit, or the per-key limit when only that one is set. A WebSocket takes one for its
    handshake and finds the limiter in its scope (`limiter_of`), to take one per operation
    it runs from its principal's bucket (`principal_bucket`).
    """

    def __init__(self, app: ASGIApp, settings: Settings, buckets: Buckets | None = None) -> None:
        self.app = app
        self.buckets = buckets or buckets_for(settings)
        key = Limit.per_minute(settings.rate_limit_per_minute, settings.rate_limit_burst)
        address = Limit.per_minute(
            settings.rate_limit_anonymous_per_minute, settings.rate_limit_burst
        )
        self.limits = {
            "key": key,
            "address": address,
            "unverified": address if address.per_second > 0 else key,
        }
        self.enabled = any(limit.per_second > 0 for limit in self.limits.values())
        self.verified = VerifiedTokens()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Let the request through, or refuse it."""
        if (
            not self.enabled
            or scope["type"] not in ("http", "websocket")
            or scope.get("path") in UNLIMITED_PATHS
        ):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            scope[RATE_LIMIT_KEY] = self
        token = bearer_token(scope)
        digest = hashlib.sha256(token.encode()).digest() if token is not None else None
        subject = self.verified.subject_of(digest) if digest is not None else None
        if subject is not None:
            kind, key = "key", subject
        elif digest is not None:
            kind, key = "unverified", f"unverified:{address_of(scope)}"
        else:
            kind, key = "address", f"address:{address_of(scope)}"
        decision = await self.take(kind, key)
        if not decision.allowed:
            await self.refuse(scope, send, decision)
            return
        if digest is None or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        response = WatchedResponse(send)
        await self.app(scope, receive, response.send)
        principal = principal_of(scope)
        if principal.subject is not None:
            self.verified.remember(digest, principal.subject)
        elif response.status == 401:
            self.verified.forget(digest)

    async def refuse(self, scope: Scope, send: Send, decision: Decision) -> None:
        """Answer 429 (close a WebSocket with 1013, try again later)."""
        retry_after = decision.retry_after_seconds
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1013})
            return
        body = error_body(
            ErrorCode.RATE_LIMITED, rate_limited_message(retry_after), retryAfter=retry_after
        )
        await send_json(send, 429, body, (b"retry-after", str(retry_after).encode()))

    async def take(self, kind: str, key: str) -> Decision:
        """Take a token from the bucket `key` of kind `kind` (`key`, `address`, `unverified`)."""
        limit = self.limits[kind]
        if limit.per_second <= 0:
            return Decision(allowed=True)
        decision = await self.buckets.take(key, limit)
        if not decision.allowed:
            metrics.RATE_LIMITED.labels(kind).inc()
        return decision


def principal_bucket(principal: Principal, scope: Scope) -> tuple[str, str]:
    """Return (kind, key) of an authenticated principal's bucket; anonymous: its address's."""
    if principal.subject is not None:
        return "key", principal.subject
    return "address", f"address:{address_of(scope)}"


def limiter_of(scope: Scope) -> RateLimit | None:
    """Return the rate limiter a WebSocket passed through, or None when limits are off."""
    return scope.get(RATE_LIMIT_KEY)
