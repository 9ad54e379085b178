"""Append the field warnings resolvers collected to the response, next to the fields' data."""

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension


class FieldWarnings(SchemaExtension):
    """After execution, turn `context.field_warnings` into located GraphQL errors."""

    def on_execute(self) -> Iterator[None]:
        """Let the operation run, then add one error per warning at its field's path."""
        yield
        warnings = getattr(self.execution_context.context, "field_warnings", None)
        result = self.execution_context.result
        if not warnings or result is None:
            return
        result.errors = [
            *(result.errors or []),
            *(
                GraphQLError(
                    warning.message, path=list(warning.path), extensions=warning.extensions
                )
                for warning in warnings
            ),
        ]
