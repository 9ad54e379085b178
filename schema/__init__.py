"""The GraphQL schema: an Apollo Federation v2 subgraph."""

from collections.abc import AsyncGenerator, Iterable
from dataclasses import replace
from typing import Any

import strawberry
from graphql import (
    DefinitionNode,
    DirectiveDefinitionNode,
    DocumentNode,
    GraphQLError,
    ObjectTypeDefinitionNode,
    parse,
    print_ast,
    print_schema,
)
from graphql.execution.middleware import MiddlewareManager
from strawberry.extensions import SchemaExtension
from strawberry.extensions.runner import SchemaExtensionsRunner
from strawberry.schema.schema import StreamResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

from schema.admission import length_error
from schema.catalogue import Iscm, MemberState
from schema.error_codes import add_error_codes
from schema.extension_runner import LeanExtensionsRunner
from schema.extensions import OWN_EXTENSIONS
from schema.federation_tracing import resolver_middleware
from schema.gcm import GcmObjective
from schema.limits import config_of
from schema.mutations import Mutation
from schema.observability import tracing_extensions
from schema.query import Query
from schema.read_path.executor import ReadPathExecutor
from schema.subscription import Subscription


class IscmSchema(strawberry.federation.Schema):
    """The federated schema; MaskUnexpectedErrors logs what needs logging."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Code parse, validation and variable errors; leave them unlogged: they are answers."""
        add_error_codes(errors, execution_context)

    async def stream(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
    ) -> StreamResult:
        """Refuse a document too long to parse before anything runs (the WebSocket transports
        stream every operation through here); run any other as Strawberry does."""
        refusal = length_error(query or "", config_of(context_value))
        if refusal is not None:
            return refused(refusal)
        return await super().stream(
            query,
            variable_values,
            context_value,
            root_value,
            operation_name,
            operation_extensions,
            allowed_operation_types,
        )

    def create_extensions_runner(
        self, execution_context: Any, extensions: list[SchemaExtension]
    ) -> SchemaExtensionsRunner:
        """Run the extensions' hooks without inspecting them on every request."""
        return LeanExtensionsRunner(execution_context=execution_context, extensions=extensions)

    def _get_middleware_manager(self, extensions: list[SchemaExtension]) -> MiddlewareManager:
        """Hook resolvers only with the extensions this request needs (see GatewayTracing)."""
        return resolver_middleware(extensions)


async def refused(error: GraphQLError) -> AsyncGenerator[PreExecutionError, None]:
    """The stream of an operation refused before it ran: its one error."""
    yield PreExecutionError(data=None, errors=[error])


def build_schema() -> IscmSchema:
    """Assemble the federated schema with its extensions."""
    return IscmSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Iscm, MemberState, GcmObjective],
        extensions=[*OWN_EXTENSIONS, *tracing_extensions()],
        federation_version="2.7",
        # Every operation runs through the read path (schema/read_path/executor.py), which
        # counts the answer against the response ceiling as well.
        execution_context_class=ReadPathExecutor,
    )


schema = build_schema()

FEDERATION_DIRECTIVES = frozenset(
    {
        "authenticated",
        "composeDirective",
        "context",
        "cost",
        "extends",
        "external",
        "fromContext",
        "inaccessible",
        "interfaceObject",
        "key",
        "link",
        "listSize",
        "override",
        "policy",
        "provides",
        "requires",
        "requiresScopes",
        "shareable",
        "tag",
    }
)


def is_federation_machinery(name: str) -> bool:
    """Whether a type or field exists only for the federation gateway."""
    return name.startswith(("_", "link__", "federation__"))


def client_sdl() -> str:
    """Print the schema as a client sees it: no federation directives, types or fields."""
    document = parse(print_schema(schema._schema))
    definitions: list[DefinitionNode] = []
    for definition in document.definitions:
        name = definition.name.value if hasattr(definition, "name") and definition.name else ""
        if isinstance(definition, DirectiveDefinitionNode):
            if name not in FEDERATION_DIRECTIVES:
                definitions.append(definition)
            continue
        if is_federation_machinery(name):
            continue
        if isinstance(definition, ObjectTypeDefinitionNode) and definition.fields:
            fields = tuple(
                f for f in definition.fields if not is_federation_machinery(f.name.value)
            )
            definitions.append(replace(definition, fields=fields))
        else:
            definitions.append(definition)
    return print_ast(DocumentNode(definitions=tuple(definitions)))
