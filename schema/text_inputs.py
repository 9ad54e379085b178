"""Text PostgreSQL can store: no string input may hold the NUL character (U+0000).

PostgreSQL's text types refuse U+0000, so such a string would fail in the database and be
answered as an internal error; it is refused up front instead, as the client's mistake.
"""

from collections.abc import Mapping
from typing import Any

import orjson
from graphql import (
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    StringValueNode,
    ValidationContext,
    ValidationRule,
)

from resolvers.errors import ErrorCode

NUL = "\x00"
NUL_ESCAPE = b"\\u0000"  # how JSON writes it


def nul_error(where: str, nodes: Any = None) -> GraphQLError:
    """Return the BAD_USER_INPUT error of a string holding NUL, `where` naming the input."""
    return GraphQLError(
        f"{where} holds the NUL character (U+0000), which text cannot hold.",
        nodes,
        extensions={"code": ErrorCode.BAD_USER_INPUT.value},
    )


class NulFreeStringLiterals(ValidationRule):
    """Refuse string literals of queries and subscriptions that hold NUL (written `\\u0000`).

    Mutations are left to their input validation, which names the field in the payload.
    """

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self._in_mutation = False

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
        """Note whether the strings that follow belong to a mutation."""
        self._in_mutation = node.operation is OperationType.MUTATION

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        """Report a literal holding NUL."""
        if NUL in node.value and not self._in_mutation:
            self.report_error(nul_error("A string value", node))


def variable_holding_nul(variables: Mapping[str, Any] | None) -> str | None:
    """Return the name of the first variable whose value holds NUL anywhere, or None."""
    if not variables:
        return None
    try:
        # JSON writes every NUL as an escape, so without one in the text no value holds it
        # (a cheap look at every request; the walk below runs only when the text has one).
        if NUL_ESCAPE not in orjson.dumps(variables):
            return None
    except TypeError:
        pass  # not JSON values: walk them
    for name, value in variables.items():
        if _holds_nul(value):
            return name
    return None


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, Mapping):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False
