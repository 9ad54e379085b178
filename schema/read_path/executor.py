"""The schema's executor: every operation runs through the read path, inside Strawberry.

Strawberry runs parsing, validation and every extension (limits, error masking, the request
record, tracing, ftv1) around execution; this graphql-core executor (installed with the
schema's `execution_context_class`, its public hook) replaces what happens inside:

- a query's database fields are one SQL statement (schema/read_path/read.py); other root
  fields (introspection, the federation `_service`) run as graphql-core runs them;
- a mutation's root fields run one after another through their resolvers (and the
  resolver middleware of tracing); each payload is completed, its database objects read,
  before the write's transaction commits;
- a subscription event is completed the same way, its objects read as the subscriber may.
"""

import time
from collections.abc import Awaitable
from typing import Any

import orjson
from graphql import GraphQLError, GraphQLObjectType, OperationType, is_non_null_type
from graphql.execution import ExecutionResult
from graphql.execution.collect_fields import FieldDetailsList, collect_fields
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path

from resolvers.context import Context
from schema.federation_tracing import traced_by_gateway
from schema.read_path.planner import is_planned
from schema.read_path.read import OperationReader
from schema.read_path.results import Position, Response, located
from schema.response_size import SizeLimitedExecutor


class ReadPathExecutor(SizeLimitedExecutor):
    """Executes operations through the read path (see the module's docstring), counting the
    answer against the response ceiling as it goes."""

    def execute_operation(self, serially: bool | None = None) -> Any:
        """Run the operation; requests without the app's Context run as graphql-core runs them."""
        if not isinstance(self.context_value, Context):
            return super().execute_operation(serially)
        return self._execute()

    async def _execute(self) -> ExecutionResult:
        operation_type = self.operation.operation
        root_type = self.schema.get_root_type(operation_type)
        assert root_type is not None, "validation refuses operations the schema has no root for"
        grouped = collect_fields(
            self.schema,
            self.fragments,
            self.variable_values,
            root_type,
            self.operation,
            self.hide_suggestions,
        ).grouped_field_set
        reader = OperationReader(
            self.schema,
            self.fragments,
            self.variable_values,
            self.operation,
            self.context_value,
            self.response_budget,
        )
        response = Response({key: None for key in grouped})
        if operation_type is OperationType.QUERY:
            await self._query(reader, root_type, grouped, response)
        else:
            await self._resolved(
                reader, root_type, grouped, response, operation_type is OperationType.MUTATION
            )
        errors = [*self.collected_errors.errors, *response.errors]
        return ExecutionResult(response.data, errors or None)

    async def _query(
        self,
        reader: OperationReader,
        root_type: GraphQLObjectType,
        grouped: dict[str, FieldDetailsList],
        response: Response,
    ) -> None:
        planned: dict[str, FieldDetailsList] = {}
        native: dict[str, FieldDetailsList] = {}
        for key, details in grouped.items():
            name = details[0].node.name.value
            if name == "__typename":
                response.data[key] = root_type.name
            elif read_by_statement(root_type, name):
                planned[key] = details
            else:
                native[key] = details  # introspection, the federation `_service`
        if native:
            try:
                values = await await_maybe(
                    self.execute_fields(root_type, self.root_value, None, native, None)
                )
            except GraphQLError as error:
                self.collected_errors.add(error, None)
                response.data = None
                return
            response.data.update(values)
        if planned:
            started = time.perf_counter_ns()
            failure: Exception | None = None
            try:
                if not (
                    len(planned) == len(grouped)
                    and self.context_value.answers_as_json_text
                    and await self._as_text(reader, root_type, planned, response)
                ):
                    await reader.query(root_type, planned, response)
            except Exception as error:
                failure = error
                self._fail_all(response, root_type, planned, error)
            self._trace(root_type, planned, started, failure)

    async def _as_text(
        self,
        reader: OperationReader,
        root_type: GraphQLObjectType,
        planned: dict[str, FieldDetailsList],
        response: Response,
    ) -> bool:
        """Make the statement's JSON text the response's data, unparsed, when every root field
        is the statement's and nothing is left to finish in Python; return whether it was.

        Parsing the text only to write it out again cost nested answers most of their CPU.
        """
        text = await reader.query_text(root_type, planned)
        if text is None:
            return False
        response.data = orjson.Fragment(text)
        return True

    def _trace(
        self,
        root_type: GraphQLObjectType,
        planned: dict[str, FieldDetailsList],
        started: int,
        failure: Exception | None,
    ) -> None:
        """Give the gateway's trace (ftv1) a node per root field the statement read."""
        tracing = traced_by_gateway(self.middleware_manager)
        if tracing is None:
            return
        ended = time.perf_counter_ns()
        for key, details in planned.items():
            nodes = [d.node for d in details]
            definition = root_type.fields[nodes[0].name.value]
            info = self.build_resolve_info(
                definition, nodes, root_type, Path(None, key, root_type.name)
            )
            tracing.record_read(info, started, ended, failure)

    def _fail_all(
        self,
        response: Response,
        root_type: GraphQLObjectType,
        planned: dict[str, FieldDetailsList],
        error: Exception,
    ) -> None:
        """Null each field the statement was to read, with the (masked) error at its path."""
        if response.data is None:
            return
        for key, details in planned.items():
            definition = root_type.fields[details[0].node.name.value]
            position = Position(response.data, key, not is_non_null_type(definition.type), (key,))
            response.fail([position], located(error, details, (key,)))
            if response.data is None:
                return

    async def _resolved(
        self,
        reader: OperationReader,
        root_type: GraphQLObjectType,
        grouped: dict[str, FieldDetailsList],
        response: Response,
        mutation: bool,
    ) -> None:
        """Root fields with resolvers, one after another; each value completed in turn."""
        context: Context = self.context_value
        for key, details in grouped.items():
            if response.data is None:
                return
            name = details[0].node.name.value
            if name == "__typename":
                response.data[key] = root_type.name
                continue
            definition = root_type.fields[name]
            owner = f"{root_type.name}.{name}"
            if mutation:
                async with context.db.commit_after():
                    value = await self._resolve(root_type, key, details)
                    await reader.complete_root(response, key, value, definition, details, owner)
            else:
                value = await self._resolve(root_type, key, details)
                await reader.complete_root(response, key, value, definition, details, owner)

    async def _resolve(
        self, root_type: GraphQLObjectType, key: str, details: FieldDetailsList
    ) -> Any:
        """Call a root field's resolver (through the tracing middleware); an error is its value."""
        nodes = [d.node for d in details]
        definition = root_type.fields[nodes[0].name.value]
        path = Path(None, key, root_type.name)
        try:
            arguments = get_argument_values(definition, nodes[0], self.variable_values)
            info = self.build_resolve_info(definition, nodes, root_type, path)
            resolve = definition.resolve or self.field_resolver
            if self.middleware_manager is not None:
                resolve = self.middleware_manager.get_field_resolver(resolve)
            return await await_maybe(resolve(self.root_value, info, **arguments))
        except Exception as error:
            return error


def read_by_statement(root_type: GraphQLObjectType, name: str) -> bool:
    """Whether the read path's statement answers root field `name` (not introspection)."""
    if name.startswith("__"):
        return False
    return name == "_entities" or is_planned(root_type.fields[name])


async def await_maybe(value: Any) -> Any:
    """Await `value` if it is awaitable."""
    if isinstance(value, Awaitable):
        return await value
    return value
