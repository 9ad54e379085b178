"""Apollo Federation tracing (ftv1) that costs nothing on the requests the gateway does not trace."""

from collections.abc import Iterable

from graphql import GraphQLResolveInfo
from graphql.execution.middleware import MiddlewareManager
from starlette.datastructures import Headers
from strawberry.extensions import SchemaExtension
from strawberry.extensions.tracing import ApolloFederationTracingExtension
from strawberry.extensions.tracing.apollo_federation import FTV1_HEADER, FTV1_HEADER_VALUE


class GatewayTracing(ApolloFederationTracingExtension):
    """Strawberry's ftv1 extension, whose resolver hook runs only when the gateway asks.

    Its `resolve` hook is a coroutine function: installed for every request, it turns every
    field, scalars included, into a coroutine for graphql-core to await (thousands per
    nested page). The hook is needed only when `apollo-federation-include-trace: ftv1` is sent.
    """

    def traces(self) -> bool:
        """Whether this request asked for a trace (read from the request headers)."""
        return self._check_should_trace()

    def _check_should_trace(self) -> bool:
        """Read the header once per request, and only it (Strawberry copies every header into
        a new dict at each of its two checks)."""
        asked = self.__dict__.get("_asked")
        if asked is None:
            request = getattr(self.execution_context.context, "request", None)
            headers = getattr(request, "headers", None)
            if isinstance(headers, Headers):
                asked = headers.get(FTV1_HEADER, "").lower() == FTV1_HEADER_VALUE
            else:
                asked = super()._check_should_trace()
            self._asked = asked
        return asked

    def record_read(
        self, info: GraphQLResolveInfo, started_ns: int, ended_ns: int, error: Exception | None
    ) -> None:
        """Add the node of a field the read path's statement answered (no resolver ran for
        it, so the `resolve` hook never saw it): it spans the statement."""
        node = self._create_node(info)
        node.start_time = started_ns - self._start_time_ns
        node.end_time = ended_ns - self._start_time_ns
        if error is not None:
            node.errors.append(self._make_error(error, info))


def traced_by_gateway(middleware: MiddlewareManager | None) -> GatewayTracing | None:
    """Return the request's ftv1 extension when the gateway asked for a trace, else None."""
    for extension in middleware.middlewares if middleware is not None else ():
        if isinstance(extension, GatewayTracing):
            return extension
    return None


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
