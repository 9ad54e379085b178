"""Apollo Federation tracing (ftv1) that costs nothing on the requests the gateway does not trace."""

from collections.abc import Iterable

from graphql.execution.middleware import MiddlewareManager
from strawberry.extensions import SchemaExtension
from strawberry.extensions.tracing import ApolloFederationTracingExtension


class GatewayTracing(ApolloFederationTracingExtension):
    """Strawberry's ftv1 extension, whose resolver hook runs only when the gateway asks.

    Its `resolve` hook is a coroutine function: installed for every request, it turns every
    field, scalars included, into a coroutine for graphql-core to await (thousands per
    nested page). The hook is needed only when `apollo-federation-include-trace: ftv1` is sent.
    """

    def traces(self) -> bool:
        """Whether this request asked for a trace (read from the request headers)."""
        return self._check_should_trace()


def resolver_middleware(extensions: Iterable[SchemaExtension]) -> MiddlewareManager:
    """Return the resolver middleware of one request: the extensions that hook `resolve`."""
    return MiddlewareManager(
        *(
            extension
            for extension in extensions
            if extension._implements_resolve()
            and not (isinstance(extension, GatewayTracing) and not extension.traces())
        )
    )
