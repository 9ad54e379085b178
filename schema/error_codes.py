"""Codes for the errors GraphQL itself raises: parse, validation and variable errors."""

import re

from graphql import GraphQLError, GraphQLSyntaxError
from graphql.validation.validate import ValidationAbortedError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.types import ExecutionContext

from resolvers.errors import ErrorCode
from schema.limits import COMPARISON_BUDGET

# graphql-core's words when a field's arguments do not coerce (execution/values.py).
_ARGUMENT_NOT_COERCED = re.compile(r"^Argument '\w+' (has invalid|of required type)")
# graphql-core's words when its overlapping-fields rule runs out of comparisons.
_COMPARISONS_EXHAUSTED = "Validation aborted."
# graphql-core's words when a document has more tokens than `max_tokens` allows.
_PARSING_ABORTED = "tokens. Parsing aborted"


def code_for(error: GraphQLError, execution_context: ExecutionContext | None) -> dict[str, object]:
    """Return the extensions a code-less error gets, or none for an error raised by a field."""
    if isinstance(error, GraphQLSyntaxError):
        if _PARSING_ABORTED in error.message and execution_context is not None:
            maximum = execution_context.parse_options.get("max_tokens")
            return {
                "code": ErrorCode.QUERY_TOO_COMPLEX.value,
                "limit": "tokens",
                "maximum": maximum,
            }
        return {"code": ErrorCode.GRAPHQL_PARSE_FAILED.value}
    if isinstance(error, ValidationAbortedError):
        return _aborted(error)
    executed = execution_context is not None and execution_context.result is not None
    if not executed:
        return {"code": ErrorCode.GRAPHQL_VALIDATION_FAILED.value}
    if (
        error.path is None
        or _ARGUMENT_NOT_COERCED.match(error.message)
        or isinstance(error.original_error, StrawberryInputCoercionError)
    ):
        # Raised by execution before any field ran (the variables did not coerce), by
        # graphql-core at a field whose arguments did not coerce (e.g. a null variable for a
        # non-null argument that has a default), or by Strawberry turning an argument into
        # its Python value (a global ID that does not decode).
        return {"code": ErrorCode.BAD_USER_INPUT.value}
    return {}


def _aborted(error: ValidationAbortedError) -> dict[str, object]:
    """graphql-core stops validating documents that would take too long to check: past the
    comparisons of its overlapping-fields rule, or past 100 errors."""
    extensions: dict[str, object] = {
        "code": ErrorCode.QUERY_TOO_COMPLEX.value,
        "limit": "validation",
    }
    if error.message == _COMPARISONS_EXHAUSTED:
        extensions["maximum"] = COMPARISON_BUDGET
    return extensions


def add_error_codes(errors: list[GraphQLError], execution_context: ExecutionContext | None) -> None:
    """Give each parse, validation and variable error an `extensions.code`, in place."""
    for error in errors:
        if error.extensions and "code" in error.extensions:
            continue
        extensions = code_for(error, execution_context)
        if extensions:
            error.extensions = {**(error.extensions or {}), **extensions}
