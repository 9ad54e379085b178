"""Checks on federation `_entities` representations, so a bad one is the client's error."""

from typing import Any

from strawberry.types.base import StrawberryObjectDefinition
from strawberry.utils.inspect import get_func_args

from resolvers.errors import ApiError, ErrorCode


def representation_problem(
    representation: Any, type_map: dict[str, Any], index: int
) -> ApiError | None:
    """Return why `representation` cannot name an entity of this subgraph, or None."""
    path = f"representations[{index}]"
    if not isinstance(representation, dict):
        return ApiError(ErrorCode.BAD_USER_INPUT, f"{path} must be an object", argument=path)
    type_name = representation.get("__typename")
    if not isinstance(type_name, str) or type_name not in type_map:
        return ApiError(
            ErrorCode.BAD_USER_INPUT,
            f"{path} names no entity type of this subgraph: {type_name!r}",
            argument=path,
        )
    definition = type_map[type_name].definition
    origin = getattr(definition, "origin", None)
    resolve_reference = getattr(origin, "resolve_reference", None)
    if not isinstance(definition, StrawberryObjectDefinition) or resolve_reference is None:
        return ApiError(
            ErrorCode.BAD_USER_INPUT, f"{path}: {type_name} is not an entity", argument=path
        )
    accepted = set(get_func_args(resolve_reference)) - {"info", "cls"}
    given = set(representation) - {"__typename"}
    if not given or not given <= accepted:
        return ApiError(
            ErrorCode.BAD_USER_INPUT,
            f"{path}: {type_name} is keyed by {', '.join(sorted(accepted))}, not {', '.join(sorted(given)) or 'nothing'}",
            argument=path,
        )
    return None
