"""Error masking: expected errors pass through, anything unexpected is hidden and logged."""

import logging

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from resolvers.errors import ApiError, ErrorCode

log = logging.getLogger("iscm_graph.errors")


def is_unexpected(error: GraphQLError) -> bool:
    """Mask only exceptions raised by code; parse and validation errors stay visible."""
    original = error.original_error
    return original is not None and not isinstance(original, (ApiError, GraphQLError))


class MaskUnexpectedErrors(MaskErrors):
    """Replace unexpected exceptions with INTERNAL_SERVER_ERROR and the request id."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message="Internal server error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        """Log the real exception under the request id, return a safe error."""
        context = getattr(self.execution_context, "context", None)
        request_id = getattr(context, "request_id", None)
        log.error(
            "graphql.unexpected_error request_id=%s path=%s",
            request_id,
            error.path,
            exc_info=error.original_error,
        )
        return GraphQLError(
            message=f"Internal server error (request {request_id}).",
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": ErrorCode.INTERNAL_SERVER_ERROR.value, "requestId": request_id},
        )
