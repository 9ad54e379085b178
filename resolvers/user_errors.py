"""Problems with a write that the client can fix: collected, never raised, returned in payloads."""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Problem(StrEnum):
    """Why a write was refused (the GraphQL enum UserErrorCode mirrors these values)."""

    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    INVALID = "INVALID"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    UNKNOWN_REFERENCE = "UNKNOWN_REFERENCE"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    CONFLICT = "CONFLICT"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    OUTSIDE_REVIEW_WINDOW = "OUTSIDE_REVIEW_WINDOW"
    TOO_MANY_ITEMS = "TOO_MANY_ITEMS"


Path = tuple[str, ...]


@dataclass(frozen=True)
class UserError:
    """One problem: its code, the input field it concerns (camelCase path), and a message."""

    code: Problem
    field: Path
    message: str

    def to_json(self) -> dict[str, object]:
        """Return the error as JSON (for idempotent replays)."""
        return {"code": self.code.value, "field": list(self.field), "message": self.message}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> "UserError":
        """Rebuild an error stored by `to_json`."""
        field = data["field"]
        assert isinstance(field, list)
        return cls(Problem(str(data["code"])), tuple(str(f) for f in field), str(data["message"]))


class Abort(Exception):
    """Roll the write's transaction back and answer with these errors."""

    def __init__(self, errors: Iterable[UserError]) -> None:
        self.errors = list(errors)
        super().__init__(self.errors[0].message if self.errors else "aborted")


def error(code: Problem, field: Path, message: str) -> UserError:
    """Shorthand for one UserError."""
    return UserError(code, field, message)


def prefixed(errors: Iterable[UserError], prefix: Path) -> list[UserError]:
    """Re-root errors under `prefix` (e.g. an import item's index)."""
    return [UserError(e.code, prefix + e.field, e.message) for e in errors]
