"""Checks of argument values shared by the read path's declarations and the resolvers."""

from typing import Any

from resolvers.errors import ApiError, ErrorCode

# Years any filter or series may name: every year column holds a year in this span.
YEARS = range(1900, 2101)


def bad_input(argument: str, message: str, **details: Any) -> ApiError:
    """Return the BAD_USER_INPUT error of one argument."""
    return ApiError(ErrorCode.BAD_USER_INPUT, message, argument=argument, **details)


def year(value: int | None, argument: str) -> int | None:
    """Return a year, checked to be within YEARS."""
    if value is not None and value not in YEARS:
        raise bad_input(argument, f"`{argument}` must be a year from {YEARS[0]} to {YEARS[-1]}")
    return value
