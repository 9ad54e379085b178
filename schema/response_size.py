"""The response-size ceiling: an answer that would outgrow ISCM_MAX_RESPONSE_BYTES is an error.

The cost estimate refuses what is priced too high before it runs; this is the second line, for
what the estimate cannot see (long texts, lists at their bound). While graphql-core completes
values it counts what each leaf adds to the JSON answer; once the count passes the maximum, no
further object is completed, and the operation answers `data: null` with one error,
`RESPONSE_TOO_LARGE` (`maximum` in bytes, `path` where the answer crossed it), instead of a
body of tens of megabytes. The HTTP view checks the encoded body exactly as well
(service/graphql_http.py); this count only has to stop the work early.
"""

import asyncio
from collections.abc import Iterator
from copy import copy
from typing import Any

from graphql import GraphQLError, GraphQLLeafType, GraphQLObjectType, GraphQLResolveInfo
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import AwaitableOrValue, Path
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from resolvers.context import ApiConfig
from resolvers.errors import ApiError, ErrorCode

# What a leaf adds besides its value: its key, quotes, colon and comma (keys average 8 bytes).
BYTES_PER_LEAF = 12
# A number, boolean or null, written out.
BYTES_PER_SCALAR = 8


class ResponseTooLarge(ApiError):
    """The answer grew past the ceiling."""

    def __init__(self, maximum: int) -> None:
        super().__init__(
            ErrorCode.RESPONSE_TOO_LARGE,
            f"The answer would be larger than {maximum} bytes. Ask for fewer fields or"
            " smaller pages (`first`/`last`).",
            maximum=maximum,
        )


class ResponseBudget:
    """Bytes an answer may still take."""

    def __init__(self, maximum: int) -> None:
        self.maximum = maximum
        self.used = 0

    @property
    def exceeded(self) -> bool:
        """Whether the answer is already past the maximum."""
        return self.used > self.maximum

    def fits(self, size: int) -> bool:
        """Whether `size` bytes more stay within the maximum."""
        return self.used + size <= self.maximum

    def spend(self, size: int) -> None:
        """Count `size` bytes more; raise ResponseTooLarge past the maximum."""
        self.used += size
        if self.used > self.maximum:
            raise ResponseTooLarge(self.maximum)


def max_response_bytes(context: Any) -> int:
    """The ceiling of a request, from its ApiConfig (the default outside a request)."""
    config = getattr(context, "config", None)
    return (config if isinstance(config, ApiConfig) else ApiConfig()).max_response_bytes


def leaf_bytes(value: Any) -> int:
    """What a completed leaf adds to the JSON answer, about."""
    if isinstance(value, str):
        return len(value) + BYTES_PER_LEAF
    return BYTES_PER_SCALAR + BYTES_PER_LEAF


class SizeLimitedExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, counting the answer as it completes it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.response_budget = ResponseBudget(max_response_bytes(self.context_value))

    def build_per_event_executor(self, payload: Any) -> "SizeLimitedExecutor":
        """Give each subscription event a ceiling of its own."""
        executor = copy(self)
        executor.root_value = payload
        executor.collected_errors = type(self.collected_errors)()
        executor.response_budget = ResponseBudget(self.response_budget.maximum)
        return executor

    def execute_operation(self, serially: bool | None = None) -> Any:
        """Execute; when an error cut the answer short (the ceiling, a null bubbling up), let
        the work left running in the background finish before the request ends: it uses the
        request's database session, which closes with the request."""
        result = super().execute_operation(serially)
        if not self.is_awaitable(result):
            return result

        async def settled() -> Any:
            answer = await result
            while self.background_futures:
                await asyncio.wait(list(self.background_futures))
            return answer

        return settled()

    def complete_leaf_value(self, return_type: GraphQLLeafType, result: Any) -> Any:  # type: ignore[override]
        """Complete a scalar or enum and count it."""
        value = super().complete_leaf_value(return_type, result)
        self.response_budget.spend(leaf_bytes(value))
        return value

    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        """Complete no more objects once the answer is past the ceiling."""
        if self.response_budget.exceeded:
            raise ResponseTooLarge(self.response_budget.maximum)
        return super().complete_object_value(
            return_type, field_details_list, info, path, result, position_context
        )


def too_large(errors: list[GraphQLError] | None) -> GraphQLError | None:
    """Return the first error of an answer stopped by the ceiling, or None."""
    for error in errors or ():
        if isinstance(error.original_error, ResponseTooLarge):
            return error
    return None


class ResponseCeiling(SchemaExtension):
    """Turn an answer stopped by the ceiling into `data: null` and its one error."""

    def on_execute(self) -> Iterator[None]:
        """Replace the partial answer, whose other errors only echo the stop."""
        yield
        result = self.execution_context.result
        error = too_large(getattr(result, "errors", None))
        if result is not None and error is not None:
            # Strawberry returns this very object: it is changed in place.
            result.data = None
            result.errors = [error]
