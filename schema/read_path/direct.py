"""Answer a query straight from its statement's JSON text, without Strawberry's execution.

Most requests are queries the read path answers whole: one statement writes the response's
`data` as JSON text. For them, Strawberry's view and `schema.execute` (extension hooks, its
execution context, result processing) cost several times the statement's own Python. This is
the same operation without that machinery, and with the same rules:

- admission: the document's length, tokens, shape and validation, from the caches
  `OperationLimits` fills (schema/admission.py), then NUL in variables and the cost with
  these variables (schema/limits.py), as `OperationLimits.on_execute` checks them;
- variables coerced by graphql-core, root fields collected as the executor collects them
  (schema/read_path/executor.py), and the answer read by the same `OperationReader`, which
  binds arguments, takes the cached plan, applies visibility and spans the read;
- the request record filled as `RecordOperation` fills it.

Anything this does not answer returns None and takes the full path, which answers it as
before: a document with errors (the full path reports them), mutations, subscriptions, fields
the statement leaves to Python (UN figures, refused arguments), and any request an extension
must see whole (ftv1 traces, OpenTelemetry's operation spans: the caller does not come here
then). Most are known before the statement runs; a named record the statement found missing,
or an answer over the ceiling, is known after it, and the request session hands that answer
to the full path (`RequestSession.keep`), so the statement still runs once.
"""

from collections.abc import Mapping
from typing import Any

import strawberry
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    get_operation_ast,
)
from graphql.execution.collect_fields import FieldDetailsList, FragmentDetails, collect_fields
from strawberry.extensions.tracing.apollo_federation import FTV1_HEADER, FTV1_HEADER_VALUE

from resolvers.context import Context
from resolvers.request_record import current_record
from schema.admission import length_error, parse_document, validation_errors
from schema.extensions import OWN_EXTENSIONS
from schema.limits import refusal_by_cost, validation_rules
from schema.read_path.executor import read_by_statement
from schema.read_path.plans import facts_of
from schema.read_path.read import OperationReader
from schema.response_size import ResponseBudget
from schema.text_inputs import variable_holding_nul


def serves(schema: strawberry.Schema) -> bool:
    """Whether the direct path does for `schema`'s queries all that its extensions would: not
    when another extension runs (OpenTelemetry's, when tracing is switched on)."""
    # Masking and field warnings have nothing to do on such an answer (no errors, no field
    # resolved in Python); ftv1 acts only when asked, and then the caller takes the full path.
    return not schema.directives and all(
        extension in OWN_EXTENSIONS for extension in schema.extensions
    )


def traced_by_gateway(headers: Mapping[str, str]) -> bool:
    """Whether the request asks for an ftv1 trace, which the full path writes."""
    return headers.get(FTV1_HEADER, "").lower() == FTV1_HEADER_VALUE


def admitted(schema: GraphQLSchema, query: str, context: Context) -> DocumentNode | None:
    """The parse of `query` when it is admitted (length, tokens, shape, validation), else
    None."""
    config = context.config
    if length_error(query, config) is not None:
        return None
    try:
        document = parse_document(query, config)
    except GraphQLError:
        return None
    rules = validation_rules(config.introspection)
    if validation_errors(schema, query, document, rules, config):
        return None
    return document


def chosen_query(
    document: DocumentNode, operation_name: str | None
) -> tuple[OperationDefinitionNode, dict[str, FragmentDetails]] | None:
    """The query `operation_name` chooses in `document` and the document's fragments, or None
    when it chooses none or not a query."""
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation is not OperationType.QUERY:
        return None
    fragments = {
        definition.name.value: FragmentDetails(definition)
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    return operation, fragments


def reader_of(
    schema: GraphQLSchema,
    query: str,
    operation_name: str | None,
    variables: dict[str, Any] | None,
    context: Context,
) -> tuple[OperationReader, GraphQLObjectType, dict[str, FieldDetailsList]] | None:
    """The reader of an admitted query within its cost, and its root fields, when the
    statement reads every one of them; None otherwise."""
    document = admitted(schema, query, context)
    if document is None or variable_holding_nul(variables) is not None:
        return None
    chosen = chosen_query(document, operation_name)
    if chosen is None:
        return None
    operation, fragments = chosen
    refusal = refusal_by_cost(
        schema, document, query, operation_name, variables, context.config, context.request_id
    )
    if refusal is not None:
        return None
    facts = facts_of(schema, operation, (f.definition for f in fragments.values()))
    values = facts.variables.values(schema, variables or {})
    if isinstance(values, list):  # variables that do not coerce: the full path says why
        return None
    root_type = schema.query_type
    assert root_type is not None, "a schema has a query type"
    grouped = collect_fields(schema, fragments, values, root_type, operation).grouped_field_set
    if not grouped or not all(
        read_by_statement(root_type, details[0].node.name.value) for details in grouped.values()
    ):
        return None
    budget = ResponseBudget(context.config.max_response_bytes)
    return (
        OperationReader(schema, fragments, values, operation, context, budget, facts),
        root_type,
        grouped,
    )


async def data_text(
    schema: GraphQLSchema,
    query: str,
    operation_name: str | None,
    variables: dict[str, Any] | None,
    context: Context,
) -> str | None:
    """The JSON text of the answer's `data` to a query the statement answers whole, with
    the request recorded; None when the full path must answer (see the module)."""
    read = reader_of(schema, query, operation_name, variables, context)
    if read is None:
        return None
    reader, root_type, grouped = read
    text = await reader.query_text(root_type, grouped)
    if text is None:
        return None
    record = current_record()
    if record is not None:
        name = reader.operation.name
        record.operation_name = operation_name or (name.value if name is not None else None)
        record.operation_type = "query"
    return text
