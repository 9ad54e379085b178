"""The typed errors every mutation payload carries."""

from dataclasses import fields
from enum import Enum
from typing import Any, Self

import strawberry
from strawberry.types.unset import UNSET

from resolvers import user_errors


@strawberry.enum(
    description=(
        "Why a write was refused. Expected failures are payload errors, listed all at once; "
        "only an anonymous write is a top-level error (`extensions.code = UNAUTHENTICATED`)."
    )
)
class UserErrorCode(Enum):
    REQUIRED = strawberry.enum_value(
        "REQUIRED", description="A required field is missing or blank (after trimming)."
    )
    TOO_LONG = strawberry.enum_value(
        "TOO_LONG", description="Text longer than the field allows (titles: 500 characters)."
    )
    INVALID = strawberry.enum_value(
        "INVALID",
        description="A value of the wrong form: not an http(s) URL, NUL characters, unpaired surrogates.",
    )
    OUT_OF_RANGE = strawberry.enum_value(
        "OUT_OF_RANGE",
        description="A number or date outside its range (GCM objectives are 1 to 23).",
    )
    UNKNOWN_REFERENCE = strawberry.enum_value(
        "UNKNOWN_REFERENCE",
        description="The input names something that does not exist: an ISCM, review process, State or vocabulary code.",
    )
    NOT_FOUND = strawberry.enum_value(
        "NOT_FOUND",
        description="The object the mutation addresses does not exist, or you may not see it.",
    )
    FORBIDDEN = strawberry.enum_value(
        "FORBIDDEN",
        description="You are authenticated but may not do this here: another ISCM's data, or an editor's action.",
    )
    CONFLICT = strawberry.enum_value(
        "CONFLICT",
        description="`expectedVersion` is stale (reload and retry), or an idempotency key was reused with a different input.",
    )
    INVALID_TRANSITION = strawberry.enum_value(
        "INVALID_TRANSITION",
        description="The status change is not allowed (DRAFT → SUBMITTED → PUBLISHED; WITHDRAWN is final).",
    )
    OUTSIDE_REVIEW_WINDOW = strawberry.enum_value(
        "OUTSIDE_REVIEW_WINDOW",
        description="The review process is not open today (`opensOn` to `closesOn`); editors may still write.",
    )
    TOO_MANY_ITEMS = strawberry.enum_value(
        "TOO_MANY_ITEMS", description="A bulk call with more items than the server accepts."
    )


@strawberry.type(description="One problem with a write's input, typed so a client can act on it.")
class UserError:
    code: UserErrorCode = strawberry.field(description="What kind of problem.")
    field: list[str] | None = strawberry.field(
        description='Path to the input field concerned, from the mutation\'s arguments, in camelCase (list items by index), e.g. `["input", "gcmObjectives", "2"]`; null when it concerns the whole call.'
    )
    message: str = strawberry.field(description="What is wrong, in English.")

    @classmethod
    def from_error(cls, error: user_errors.UserError) -> Self:
        """Build the GraphQL type from a resolver's UserError."""
        return cls(
            code=UserErrorCode(error.code.value),
            field=list(error.field) or None,
            message=error.message,
        )


def to_user_errors(errors: list[user_errors.UserError]) -> list[UserError]:
    """Convert resolver errors for a payload."""
    return [UserError.from_error(error) for error in errors]


def provided(data: Any) -> dict[str, Any]:
    """Return the fields of a Strawberry input the client sent (snake_case), enums as values."""
    out: dict[str, Any] = {}
    for item in fields(data):
        value = getattr(data, item.name)
        if value is UNSET:
            continue
        out[item.name] = value.value if isinstance(value, Enum) else value
    return out
