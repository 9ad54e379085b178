"""Errors attached to one field whose data is still returned (e.g. stale UN data)."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, eq=True)
class FieldWarning:
    """An error for the response's `errors`, located at the path of the field it concerns."""

    path: tuple[str | int, ...]
    message: str
    extensions: dict[str, Any]
