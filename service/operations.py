"""The operations middleware: access log and metrics, rate limit, request timeout."""

from starlette.middleware import Middleware

from service.logging import AccessLog
from service.ratelimit import RateLimit
from service.settings import Settings
from service.timeouts import RequestTimeout


def operations_middleware(settings: Settings) -> list[Middleware]:
    """Return, outermost first, the middleware that goes right inside the request ids."""
    return [
        Middleware(AccessLog, record_metrics=settings.metrics),
        Middleware(RateLimit, settings=settings),
        Middleware(RequestTimeout, seconds=settings.request_timeout_seconds),
    ]


def with_operations(stack: list[Middleware], settings: Settings) -> list[Middleware]:
    """Insert the operations middleware after the first (request-id) middleware of `stack`."""
    return [*stack[:1], *operations_middleware(settings), *stack[1:]]
