"""Checks on federation `_entities` representations, so a bad one is the client's error."""

import types
import typing
from typing import Any

import strawberry
from strawberry.relay import GlobalID, GlobalIDValueError
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
    hints = typing.get_type_hints(resolve_reference)
    for key in sorted(given):
        wanted = key_type(hints[key])
        if not is_key_value(representation[key], wanted):
            return ApiError(
                ErrorCode.BAD_USER_INPUT,
                f"{path}.{key} must be {KEY_TYPE_NAMES[wanted]}",
                argument=f"{path}.{key}",
            )
    return None


# What a `resolve_reference` parameter's annotation asks of a key value, in words.
KEY_TYPE_NAMES: dict[object, str] = {
    strawberry.ID: "a global ID of this API (a string)",
    str: "a string",
    int: "an integer",
}


def key_type(annotation: Any) -> object:
    """Return the type a key parameter is annotated with, leaving out `| None`."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        (annotation,) = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    return annotation


def is_key_value(value: Any, wanted: object) -> bool:
    """Whether `value` is a key of the wanted type: a decodable global ID, a string, an int."""
    if wanted is strawberry.ID:
        if not isinstance(value, str):
            return False
        try:
            GlobalID.from_id(value)
        except GlobalIDValueError:
            return False
        return True
    if wanted is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, str)
