"""Admission of operations: each document parsed and validated once per text, within the limits.

In order, each step refusing what the next would pay too much for:
1. the document's length (ISCM_MAX_DOCUMENT_LENGTH characters): the lexer costs about a
   microsecond a character, so this caps parsing before it starts;
2. parsing, which stops after ISCM_MAX_TOKENS tokens;
3. the document's shape (schema/document_shape.py): fields once fragments are spread, depth and
   aliases, measured in one pass with each fragment measured once;
4. graphql-core's validation rules, whose one quadratic rule has a comparison budget.
Each step is linear in the document or capped, so the work one document can cause on the event
loop is bounded by the limits (about 100 ms for the worst documents at the defaults) and can
never outlive the request deadline. Results are cached by document text in byte-bounded LRUs,
so a document sent again costs a dictionary look-up; failures to parse are not cached (they
are bounded by the length and token limits).

`OperationLimits` applies all of this, and the cost limit, to every operation over HTTP and
WebSocket; `document_errors` is the same admission for documents that are only stored (APQ).
"""

from collections.abc import Iterator
from contextlib import suppress

from graphql import DocumentNode, GraphQLError, GraphQLSchema, GraphQLSyntaxError, parse
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document
from strawberry.types.graphql import OperationType as StrawberryOperationType

from db.lru import ByteLRU, text_bytes
from resolvers.context import ApiConfig
from schema.compiled import PLANS
from schema.document_shape import document_bytes
from schema.limits import (
    COST_CACHE,
    DEFAULT_CACHE_BYTES,
    cost_refusal,
    limit_error,
    request_config,
    shape_errors,
    validation_rules,
)
from schema.text_inputs import nul_error, variable_holding_nul

PARSED: ByteLRU[tuple[str, int], DocumentNode] = ByteLRU("parsed", DEFAULT_CACHE_BYTES)
VALIDATED: ByteLRU[tuple[object, ...], tuple[GraphQLError, ...]] = ByteLRU(
    "validated", DEFAULT_CACHE_BYTES
)


class DocumentTooLong(GraphQLError):
    """A document longer than ISCM_MAX_DOCUMENT_LENGTH, refused before it is parsed."""

    def __init__(self, length: int, maximum: int) -> None:
        refusal = limit_error(
            f"The document has {length} characters; the maximum is {maximum}.", "length", maximum
        )
        super().__init__(refusal.message, extensions=refusal.extensions)


def length_error(query: str, config: ApiConfig) -> DocumentTooLong | None:
    """Return the refusal of a document longer than the maximum, or None."""
    if len(query) <= config.max_document_length:
        return None
    return DocumentTooLong(len(query), config.max_document_length)


def parse_document(query: str, config: ApiConfig) -> DocumentNode:
    """Return the parsed document (parsed once per text); raise its GraphQLError when it is
    too long or does not parse within the token limit."""
    key = (query, config.max_tokens)
    document = PARSED.get(key)
    if document is not None:
        return document
    refusal = length_error(query, config)
    if refusal is not None:
        raise refusal
    document = parse(query, max_tokens=config.max_tokens)
    PARSED.put(key, document, document_bytes(query, document))
    return document


def validation_errors(
    schema: GraphQLSchema,
    query: str,
    document: DocumentNode,
    rules: tuple[type, ...],
    config: ApiConfig,
) -> list[GraphQLError]:
    """Return what validation finds wrong with `document` (the parse of `query`), once per text.

    The shape limits run first: a document above them is refused before any rule walks it.
    """
    key = (
        id(schema),
        query,
        rules,
        config.max_tokens,
        config.max_depth,
        config.max_aliases,
        config.max_selections,
    )
    cached = VALIDATED.get(key)
    if cached is not None:
        return list(cached)
    errors = shape_errors(document, config) or validate_document(schema, document, rules)
    # Errors point into the document (nodes, source), keeping all of it alive.
    weight = document_bytes(query, document) if errors else text_bytes(query)
    VALIDATED.put(key, tuple(errors), weight)
    return errors


def document_errors(schema: GraphQLSchema, query: str, config: ApiConfig) -> list[GraphQLError]:
    """Return why `query` could not run under `config` (parsing, limits, validation), or []."""
    try:
        document = parse_document(query, config)
    except GraphQLError as error:
        return [error]
    return validation_errors(
        schema, query, document, validation_rules(config.introspection), config
    )


def size_caches(max_bytes: int) -> None:
    """Give each in-process cache of documents `max_bytes` (ISCM_CACHE_MAX_BYTES)."""
    for lru in (PARSED, VALIDATED, COST_CACHE, PLANS.plans):
        lru.resize(max_bytes)


class OperationLimits(SchemaExtension):
    """Admit each operation as the module says, then refuse one too costly to run."""

    def on_operation(self) -> Iterator[None]:
        """Install the validation rules and the token limit (read by schema/error_codes.py)."""
        execution_context = self.execution_context
        config = request_config(execution_context)
        execution_context.validation_rules = validation_rules(config.introspection)
        execution_context.parse_options["max_tokens"] = config.max_tokens
        yield

    def on_parse(self) -> Iterator[None]:
        """Parse the document once per text.

        A document that does not parse is left to Strawberry, which parses it again (within the
        same token limit) and answers the syntax error in its own way on every transport. One
        too long is refused by the transports before this runs (IscmSchema.stream, the HTTP
        view); it is raised here only for callers that bypass them.
        """
        execution_context = self.execution_context
        query = execution_context.query
        if query and execution_context.graphql_document is None:
            config = request_config(execution_context)
            refusal = length_error(query, config)
            if refusal is not None:
                raise refusal
            with suppress(GraphQLSyntaxError):
                execution_context.graphql_document = parse_document(query, config)
        yield

    def on_validate(self) -> Iterator[None]:
        """Check the shape limits, then validate, once per text."""
        execution_context = self.execution_context
        document = execution_context.graphql_document
        query = execution_context.query
        if document is not None and query and execution_context.pre_execution_errors is None:
            execution_context.pre_execution_errors = validation_errors(
                execution_context.schema._schema,
                query,
                document,
                execution_context.validation_rules,
                request_config(execution_context),
            )
        yield

    def on_execute(self) -> Iterator[None]:
        """Refuse a valid operation whose cost is above the maximum, before it runs."""
        execution_context = self.execution_context
        # Mutations validate their inputs field by field and name the field in the payload.
        variable = (
            variable_holding_nul(execution_context.variables)
            if execution_context.operation_type is not StrawberryOperationType.MUTATION
            else None
        )
        refusal = (
            nul_error(f"Variable ${variable}")
            if variable is not None
            else cost_refusal(execution_context)
        )
        if refusal is not None:
            # Strawberry answers what on_execute raises as a pre-execution error, for queries,
            # mutations and subscriptions alike.
            raise refusal
        yield
