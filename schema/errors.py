"""Error masking: expected errors pass through, anything unexpected is hidden and logged."""

import logging

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from resolvers.errors import ApiError, ErrorCode, server_failure

log = logging.getLogger("iscm_graph.errors")


def is_unexpected(error: GraphQLError) -> bool:
    """Mask exceptions raised by code, and errors graphql-core raised about our own answers.

    Parse, validation and input errors stay visible: each carries a code by now (see
    schema/error_codes.py). A GraphQL error at a path without a code is graphql-core
    finding a resolver's answer wrong (an object of the wrong type, a list that is not
    one, ...): a bug, to be logged and hidden like any other.
    """
    original = error.original_error
    if isinstance(original, ApiError):
        return False
    if original is None or isinstance(original, GraphQLError):
        return error.path is not None and "code" not in (error.extensions or {})
    return True


class MaskUnexpectedErrors(MaskErrors):
    """Replace unexpected exceptions with INTERNAL_SERVER_ERROR and the request id.

    A database that cannot be reached is SERVICE_UNAVAILABLE instead (answered with 503).
    """

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message="Internal server error.")

    def _process_result(self, result: object) -> None:
        """Mask a result's errors (Strawberry's check against a runtime Protocol costs more
        than the masking of an answer without errors)."""
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = self._process_errors(errors)  # type: ignore[attr-defined]

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        """Log the real exception under the request id, return a safe error."""
        context = getattr(self.execution_context, "context", None)
        request_id = getattr(context, "request_id", None)
        code, message = server_failure(error.original_error, request_id)
        if code is ErrorCode.SERVICE_UNAVAILABLE:
            log.warning(
                "graphql.database_unavailable request_id=%s path=%s error=%s",
                request_id,
                error.path,
                type(error.original_error).__name__,
            )
        else:
            log.error(
                "graphql.unexpected_error request_id=%s path=%s message=%s",
                request_id,
                error.path,
                error.message,
                exc_info=error.original_error,
            )
        return GraphQLError(
            message=message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": code.value, "requestId": request_id},
        )
