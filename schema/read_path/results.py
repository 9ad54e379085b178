"""After the statement: errors in place, data from outside PostgreSQL, Python values completed.

The statement's JSON holds markers where Python has work to do (schema/read_path/planner.py).
This module finds them in document order and finishes the response as graphql-core would:
an error at a field nulls the nearest nullable position above it (GraphQL's null propagation),
and errors below a position already nulled are dropped. The same rules complete Python values
(UN observations, mutation payloads, subscription events), whose database objects are read
for all of them in one more statement.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLObjectType,
    get_named_type,
    get_nullable_type,
    is_abstract_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    located_error,
)
from graphql.execution.collect_fields import FieldDetailsList

from schema.read_path.planner import MARKER, Site, Step, origin_of

ResponsePath = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    """Where a value sits in the response: its container and key, and whether it may be null."""

    container: Any
    key: str | int
    nullable: bool
    path: ResponsePath


Chain = list[Position]  # from the top of the response down to one value


@dataclass(frozen=True)
class RowRef:
    """A database object a Python value points at (a mutation's written row), by the values
    of its key columns: read with the selection asked for, in one statement for all of them.

    `as_written`: read the row as stored, even where its type's visibility rule hides it (a
    mutation's payload shows its writer the record just written, a removed one included);
    its relations keep the reader's rules.

    `shared`: where the statement reading it runs when the same read serves many readers (a
    subscription event, db.session.SharedReads); None: on the request's session.
    """

    type_name: str
    key: dict[str, Any]
    as_written: bool = False
    shared: Any = field(default=None, compare=False)


class Response:
    """The response being finished: its data, its errors, and the positions already nulled."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.errors: list[GraphQLError] = []
        self._nulled: set[ResponsePath | None] = set()

    def is_nulled(self, path: ResponsePath | None) -> bool:
        """Whether `path` or a position above it was nulled by an earlier error."""
        if None in self._nulled:
            return True
        if path is None:
            return False
        return any(path[:size] in self._nulled for size in range(len(path) + 1))

    def fail(self, chain: Chain, error: GraphQLError) -> None:
        """Record `error` at the end of `chain` and null the nearest nullable position above.

        Past the top of the chain, the whole `data` is null. An error below a position already
        nulled is dropped, as graphql-core drops it.
        """
        nullable = next((p for p in reversed(chain) if p.nullable), None)
        path = nullable.path if nullable is not None else None
        if self.is_nulled(path):
            return
        self.errors.append(error)
        self._nulled.add(path)
        if nullable is None:
            self.data = None
        else:
            nullable.container[nullable.key] = None


def located(error: Exception, details: FieldDetailsList, path: ResponsePath) -> GraphQLError:
    """Locate an error at a field (its nodes and response path), keeping its extensions."""
    return located_error(error, [d.node for d in details], list(path))


# Finding markers in the statement's JSON


@dataclass
class Trie:
    """The sites' paths merged, to walk the JSON once, in document order."""

    children: dict[Step, "Trie"] = field(default_factory=dict)
    sites: list[Site] = field(default_factory=list)

    @classmethod
    def of(cls, sites: Sequence[Site]) -> "Trie":
        """Merge the paths of `sites`."""
        root = cls()
        for site in sites:
            node = root
            for step in site.path:
                node = node.children.setdefault(step, cls())
            node.sites.append(site)
        return root


@dataclass(frozen=True)
class Found:
    """One place where a site's field is: its chain of positions and the value there."""

    site: Site
    chain: Chain
    value: Any


def walk(trie: Trie, value: Any, chain: Chain, found: list[Found]) -> None:
    """Collect the places of the trie's sites below `value`, in the JSON's order."""
    path = chain[-1].path if chain else ()
    for step, child in trie.children.items():
        if step.key is None:
            if isinstance(value, list):
                for index, item in enumerate(value):
                    position = Position(value, index, step.nullable, (*path, index))
                    walk(child, item, [*chain, position], found)
            continue
        if not isinstance(value, dict) or step.key not in value:
            continue
        here = value[step.key]
        position = Position(value, step.key, step.nullable, (*path, step.key))
        for site in child.sites:
            if site.lookup is not None or is_marker(here, site):
                found.append(Found(site, [*chain, position], here))
        if here is not None and not is_marker(here, None):
            walk(child, here, [*chain, position], found)


def is_marker(value: Any, site: Site | None) -> bool:
    """Whether `value` is a site's marker (any site's, when `site` is None)."""
    if not isinstance(value, dict) or MARKER not in value:
        return False
    return site is None or value[MARKER] == site.index


# Completing Python values


NodesOf = Callable[[GraphQLObjectType, FieldDetailsList], dict[str, FieldDetailsList]]


@dataclass
class Pending:
    """A RowRef waiting for the statement that reads it."""

    chain: Chain
    ref: RowRef
    object_type: GraphQLObjectType
    details: FieldDetailsList


class Completer:
    """Completes Python values as graphql-core would, into the response, top down."""

    def __init__(self, response: Response, subfields: NodesOf, schema: Any) -> None:
        self.response = response
        self.subfields = subfields
        self.schema = schema
        self.pending: list[Pending] = []

    def complete(
        self,
        chain: Chain,
        value: Any,
        return_type: Any,
        details: FieldDetailsList,
        owner: str,
    ) -> None:
        """Write `value`, completed as `return_type`, at the end of `chain`.

        `owner` names the field (`Type.field`) for the non-null error message.
        """
        position = chain[-1]
        if value is None:
            position.container[position.key] = None
            if not position.nullable:
                message = f"Cannot return null for non-nullable field {owner}."
                self.response.fail(chain, located(GraphQLError(message), details, position.path))
            return
        if isinstance(value, Exception):
            position.container[position.key] = None
            self.response.fail(chain, located(value, details, position.path))
            return
        nullable = get_nullable_type(return_type)
        if is_list_type(nullable):
            items: list[Any] = []
            position.container[position.key] = items
            item_type = nullable.of_type
            for index, item in enumerate(value):
                items.append(None)
                item_position = Position(
                    items, index, not is_non_null_type(item_type), (*position.path, index)
                )
                self.complete([*chain, item_position], item, item_type, details, owner)
            return
        if is_leaf_type(nullable):
            try:
                position.container[position.key] = nullable.serialize(value)
            except Exception as error:
                position.container[position.key] = None
                self.response.fail(chain, located(error, details, position.path))
            return
        object_type = self.runtime_type(nullable, value)
        if isinstance(value, RowRef):
            position.container[position.key] = None
            self.pending.append(Pending(chain, value, object_type, details))
            return
        self.complete_object(chain, value, object_type, details)

    def complete_object(
        self, chain: Chain, value: Any, object_type: GraphQLObjectType, details: FieldDetailsList
    ) -> None:
        """Write a Python object's selected fields, each completed in turn."""
        position = chain[-1]
        completed: dict[str, Any] = {}
        position.container[position.key] = completed
        for key, group in self.subfields(object_type, details).items():
            name = group[0].node.name.value
            if name == "__typename":
                completed[key] = object_type.name
                continue
            definition = object_type.fields[name]
            completed[key] = None
            child = Position(
                completed, key, not is_non_null_type(definition.type), (*position.path, key)
            )
            try:
                attribute = attribute_of(value, definition)
            except Exception as error:
                attribute = error
            self.complete(
                [*chain, child], attribute, definition.type, group, f"{object_type.name}.{name}"
            )

    def runtime_type(self, graphql_type: Any, value: Any) -> GraphQLObjectType:
        """The object type of a value: its declared type, or the one its class was made as."""
        if isinstance(value, RowRef):
            found = self.schema.type_map[value.type_name]
            assert isinstance(found, GraphQLObjectType)
            return found
        if not is_abstract_type(graphql_type):
            return graphql_type
        for candidate in self.schema.get_possible_types(graphql_type):
            if origin_of(candidate) is type(value):
                return candidate
        raise TypeError(f"no type of {graphql_type} for {type(value).__name__}")


def attribute_of(value: Any, definition: Any) -> Any:
    """Read a field of a Strawberry object: its attribute, or its argument-less resolver."""
    strawberry_field = (definition.extensions or {})["strawberry-definition"]
    resolver = getattr(strawberry_field, "base_resolver", None)
    if resolver is not None:
        return resolver.wrapped_func(value)
    return getattr(value, strawberry_field.python_name)


def named(graphql_type: Any) -> Any:
    """The named type under lists and non-nulls."""
    return get_named_type(graphql_type)
