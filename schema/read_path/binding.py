"""Each field's arguments, read once per request as its declaration says (see arguments.py)."""

from collections.abc import Callable, Mapping
from typing import Any

from graphql import GraphQLError, GraphQLField, GraphQLSchema, get_named_type

from resolvers.context import ApiConfig
from resolvers.errors import ApiError
from resolvers.principal import Principal
from schema.read_path.arguments import (
    Bound,
    bind_arguments,
    check_spans,
    input_declarations,
    list_size,
    page_arguments,
    plain,
)
from schema.read_path.declare import External, Lookup, Paginated, Relation

# How each Lookup declaration reads its arguments (registered by schema/read_path/lookups.py).
LookupBinder = Callable[[Mapping[str, Any], ApiConfig, GraphQLSchema], Bound]
LOOKUP_BINDERS: dict[str, LookupBinder] = {}


def lookup_binder(name: str) -> Callable[[LookupBinder], LookupBinder]:
    """Register how the Lookup `name` reads its arguments."""

    def register(binder: LookupBinder) -> LookupBinder:
        LOOKUP_BINDERS[name] = binder
        return binder

    return register


def bind(
    definition: GraphQLField,
    declaration: Any,
    arguments: Mapping[str, Any],
    config: ApiConfig,
    schema: GraphQLSchema,
    principal: Principal,
) -> Bound:
    """Return a field's arguments as its declaration reads them; a refusal (of the arguments,
    or of the reader) becomes the error."""
    try:
        if isinstance(declaration, Paginated) and declaration.allowed is not None:
            declaration.allowed(principal)
        return _bind(definition, declaration, arguments, config, schema)
    except (ApiError, GraphQLError) as error:
        return Bound(shape="refused", error=error)


def _bind(
    definition: GraphQLField,
    declaration: Any,
    arguments: Mapping[str, Any],
    config: ApiConfig,
    schema: GraphQLSchema,
) -> Bound:
    if isinstance(declaration, Paginated):
        filter_argument = definition.args.get("filter")
        declared, checks = input_declarations(
            get_named_type(filter_argument.type) if filter_argument is not None else None
        )
        page = page_arguments(declaration, arguments, declared, checks, config)
        return Bound(shape=page.shape, values=page.values(), page=page, filters=declared)
    if isinstance(declaration, Relation):
        bound = bind_arguments(declaration.arguments, arguments)
        filter_argument = definition.args.get("filter")
        if filter_argument is not None:
            declared, checks = input_declarations(get_named_type(filter_argument.type))
            given = arguments.get("filter") or {}
            filtered = bind_arguments(declared, given, "filter.")
            check_spans(checks, given, "filter.")
            bound.filters = declared
            bound.values.update({f"filter.{k}": v for k, v in filtered.values.items()})
            bound.shape = (bound.shape, filtered.shape)
        if declaration.limit is not None:
            name, default = declaration.limit
            bound.values["limit"] = list_size(config, name, arguments.get(name), default)
        return bound
    if isinstance(declaration, External):
        bound = bind_arguments(declaration.arguments, arguments)
        bound.arguments = {name: plain(value) for name, value in arguments.items()}
        bound.arguments.update(bound.values)
        return bound
    if isinstance(declaration, Lookup):
        return LOOKUP_BINDERS[declaration.name](arguments, config, schema)
    if declaration is None and definition.args.get("representations") is not None:
        return LOOKUP_BINDERS["_entities"](arguments, config, schema)
    return Bound()
