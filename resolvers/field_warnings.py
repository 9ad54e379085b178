"""Errors attached to one field whose data is still returned (e.g. stale UN data)."""

from dataclasses import dataclass
from typing import Any

from resolvers.errors import ErrorCode


@dataclass(frozen=True, eq=True)
class FieldWarning:
    """An error for the response's `errors`, located at the path of the field it concerns."""

    path: tuple[str | int, ...]
    message: str
    extensions: dict[str, Any]


def field_warning(info: Any, code: ErrorCode, message: str, **details: Any) -> FieldWarning:
    """Return the warning for the field `info` resolves; `details` go to `extensions`."""
    return FieldWarning(
        path=tuple(info.path.as_list()),
        message=message,
        extensions={"code": code.value, **details},
    )
