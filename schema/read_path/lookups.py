"""Fields whose rows are of several types, told apart per row: node, nodes, _entities, search.

Each reads the same way: the request's keys (decoded ids, entity representations, ranked
search hits) become rows `(tag, key, position)`, and each row is read by the branch of its
type, in the same statement. An id naming no row is null, as Relay and federation expect.
"""

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from graphql import (
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
    get_nullable_type,
    is_list_type,
    is_non_null_type,
)
from graphql.execution.collect_fields import FieldDetailsList
from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    ColumnElement,
    Integer,
    SmallInteger,
    Table,
    Text,
    cast,
    func,
    select,
)

from db.queries.search import search_hits
from db.readsql import tree
from resolvers.context import ApiConfig
from resolvers.errors import ApiError
from schema.read_path.arguments import Bound, bad_input, list_size, search_text
from schema.read_path.binding import lookup_binder
from schema.read_path.declare import TableType, table_type_of
from schema.read_path.planner import FieldAt, Path, Planner, Step, lookup_hook, origin_of
from schema.text_inputs import NUL, nul_error

NODE_INTERFACE = "Node"
DEFAULT_SEARCH_SIZE = 20
# The search's kinds of hits, and the GraphQL types they are.
SEARCH_TYPES = {"ISCM": "Iscm", "RECOMMENDATION": "Recommendation", "DOCUMENT": "Document"}
# Largest values of the integer key columns, so no id reaches the driver out of range.
INTEGER_RANGES = {SmallInteger: 2**15 - 1, Integer: 2**31 - 1, BigInteger: 2**63 - 1}


def key_text(table: TableType, key: str, value: str) -> str | None:
    """Return a key as text if its column can hold it (ids that cannot are simply not found)."""
    largest = integer_range(table, key)
    if largest is None:
        return value
    if not (value.isascii() and value.isdigit()) or int(value) > largest:
        return None
    return str(int(value))


@cache  # a table's column types do not change
def integer_range(table: TableType, key: str) -> int | None:
    """The largest value of an integer key column; None for a key of another type."""
    rows = table.source.rows(None, None)
    column = (rows.c if isinstance(rows, Table) else rows.selected_columns)[key]
    for kind, largest in INTEGER_RANGES.items():
        if isinstance(column.type, kind):
            return largest
    return None


def node_tables(schema: GraphQLSchema) -> dict[str, TableType]:
    """The types implementing Node that are read from rows, by name."""
    interface = schema.type_map[NODE_INTERFACE]
    tables = {}
    for object_type in schema.get_possible_types(interface):  # type: ignore[arg-type]
        table = table_type_of(origin_of(object_type))
        if table is not None and table.key is not None:
            tables[object_type.name] = table
    return tables


def decode_global_id(value: Any, argument: str) -> tuple[str, str]:
    """Return (type name, key) of a global ID, or refuse what is not one."""
    try:
        decoded = base64.b64decode(str(value).encode("ascii"), validate=True).decode("utf-8")
    except (ValueError, binascii.Error, UnicodeError):
        decoded = ""
    type_name, separator, key = decoded.partition(":")
    if not separator:
        raise bad_input(argument, f"`{argument}`: {value!r} is not a global ID")
    return type_name, key


def node_key(schema: GraphQLSchema, value: Any, argument: str) -> tuple[str | None, str | None]:
    """Return the (tag, key) of a node id: (None, None) when its key cannot exist.

    An id naming no type with objects here, or whose key holds NUL (which the base64 around
    it hid from the check of the request's strings), is refused.
    """
    type_name, key = decode_global_id(value, argument)
    tables = node_tables(schema)
    if type_name not in tables:
        raise bad_input(
            argument,
            f"`{argument}` holds the ID of a {type_name!r}, which is no object type of this API",
        )
    if NUL in key:
        raise nul_error(f"The key inside `{argument}`")
    table = tables[type_name]
    assert table.key is not None
    text = key_text(table, table.key, key)
    return (type_name, text) if text is not None else (None, None)


@lookup_binder("node")
def bind_node(arguments: Mapping[str, Any], _config: ApiConfig, schema: GraphQLSchema) -> Bound:
    """One id."""
    tag, key = node_key(schema, arguments["id"], "id")
    return Bound(values={"tags": [tag], "keys": [key]})


@lookup_binder("nodes")
def bind_nodes(arguments: Mapping[str, Any], _config: ApiConfig, schema: GraphQLSchema) -> Bound:
    """Several ids, in order."""
    pairs = [node_key(schema, value, "ids") for value in arguments["ids"]]
    return Bound(values={"tags": [t for t, _ in pairs], "keys": [k for _, k in pairs]})


def hits_of_keys(planner: Planner, argument_site: int) -> Any:
    """Rows (tag, key, position) of the bound tags and keys, in their order."""
    tags = planner.param(argument_site, "tags", ARRAY(Text()))
    keys = planner.param(argument_site, "keys", ARRAY(Text()))

    def hits(_: Any) -> Any:
        rows = (
            func.unnest(tags, keys)
            .table_valued("tag", "key", with_ordinality="position")
            .render_derived()
        )
        return select(rows.c.tag, rows.c.key, rows.c.position)

    return hits


def branch(
    planner: Planner,
    object_type: GraphQLObjectType,
    tag: str,
    key: str,
    details: FieldDetailsList,
    path: Path,
) -> tree.Branch:
    """How one type's rows are read in a Choice: by `key`, its selection as that type."""
    table = table_type_of(origin_of(object_type))
    assert table is not None

    def match(hit: Any, row: Any) -> ColumnElement[bool]:
        column = row.c[key]
        requested = cast(hit.c.key, column.type)
        if table.named is not None and key == table.key:
            return column == table.named(requested)  # a merged duplicate names its record
        return column == requested

    return tree.Branch(tag, table.source, match, planner.object(object_type, details, path))


def item_path(definition_type: Any, path: Path) -> tuple[Path, bool]:
    """The path of a lookup's items, and whether the field is a list."""
    nullable = get_nullable_type(definition_type)
    if is_list_type(nullable):
        return (*path, Step(None, not is_non_null_type(nullable.of_type))), True
    return path, False


def node_choice(planner: Planner, at: FieldAt) -> tree.Json:
    """node / nodes: each id read by its type's branch."""
    details, argument_site = at.details, at.argument_site
    assert argument_site is not None
    items, many = item_path(at.definition.type, at.path)
    schema = planner.request.schema
    branches = tuple(
        branch(planner, schema.type_map[name], name, table.key, details, items)  # type: ignore[arg-type]
        for name, table in node_tables(schema).items()
        if table.key is not None
    )
    return tree.Choice(hits_of_keys(planner, argument_site), branches, many=many)


lookup_hook("node")(node_choice)
lookup_hook("nodes")(node_choice)


# Federation: `_entities(representations:)`, each representation a type and one of its keys.


@cache  # a schema's entity types and keys do not change
def entity_keys(schema: GraphQLSchema) -> dict[str, list[str]]:
    """The entity types of this subgraph and their key fields (from their @key directives)."""
    union = schema.type_map.get("_Entity")
    if union is None:
        return {}
    keys = {}
    for object_type in union.types:  # type: ignore[attr-defined]
        definition = (object_type.extensions or {}).get("strawberry-definition")
        directives = getattr(definition, "directives", None) or ()
        keys[object_type.name] = [str(d.fields) for d in directives if type(d).__name__ == "Key"]
    return keys


# What an entity key's GraphQL type asks of the value a representation gives, in words.
KEY_KINDS = {"ID": "a global ID of this API (a string)", "Int": "an integer", "String": "a string"}


def key_problem(kind: str, value: Any) -> bool:
    """Whether `value` is no key of GraphQL type `kind` (a decodable global ID, an int, a str)."""
    if kind == "ID":
        if not isinstance(value, str):
            return True
        try:
            decode_global_id(value, "")
        except ApiError:
            return True
        return False
    if kind == "Int":
        return not isinstance(value, int) or isinstance(value, bool)
    return not isinstance(value, str)


def entity_key(
    schema: GraphQLSchema, representation: Any, index: int
) -> tuple[str | None, str | None]:
    """Return the (tag, key) of one representation, or raise why it names no entity.

    Every key given must have its type's shape; when several are given, a natural key (a
    slug, a code) is looked up rather than a global ID.
    """
    if not isinstance(representation, dict):
        path = f"representations[{index}]"
        raise bad_input(path, f"{path} must be an object")
    reading = key_reading(schema, representation.get("__typename"), frozenset(representation))
    if isinstance(reading, str):
        path = f"representations[{index}]"
        raise bad_input(path, f"{path}{reading}")
    for name, kind in reading.kinds:
        if key_problem(kind, representation[name]):
            path = f"representations[{index}].{name}"
            raise bad_input(path, f"{path} must be {KEY_KINDS[kind]}")
    value = representation[reading.field_name]
    if reading.kind == "ID":
        id_type, key = decode_global_id(value, f"representations[{index}].{reading.field_name}")
        if id_type != reading.type_name or reading.table.key is None:
            return None, None
        text = key_text(reading.table, reading.table.key, key)
        return (reading.tag, text) if text is not None else (None, None)
    if reading.kind == "Int":
        text = key_text(reading.table, reading.field_name, str(value))
        return (reading.tag, text) if text is not None else (None, None)
    # ISO codes are stored in capitals; references in any case find them (as before).
    return reading.tag, value.upper() if reading.field_name == "iso3" else value


@dataclass(frozen=True)
class KeyReading:
    """How representations of one type giving one set of keys are read."""

    kinds: tuple[tuple[str, str], ...]  # each key given, by name, and its GraphQL type's name
    type_name: str
    field_name: str  # the key looked up: a natural key rather than a global ID
    kind: str  # its GraphQL type's name
    tag: str  # the tag of the branch reading them
    table: TableType


def key_reading(schema: GraphQLSchema, type_name: Any, given: frozenset[str]) -> KeyReading | str:
    """How representations of `type_name` giving the fields `given` (`__typename` included)
    are read; or why they name no entity, as the end of a message after their path."""
    if not isinstance(type_name, str):
        return f" names no entity type of this subgraph: {type_name!r}"
    readings = accepted_readings(schema)
    reading = readings.get((type_name, given))
    if reading is not None:
        return reading
    keys = entity_keys(schema)
    if type_name not in schema.type_map:
        return f" names no entity type of this subgraph: {type_name!r}"
    if type_name not in keys:
        return f": {type_name} is not an entity"
    named = given - {"__typename"}
    if not named or not named <= set(keys[type_name]):
        return (
            f": {type_name} is keyed by {', '.join(sorted(keys[type_name]))}, "
            f"not {', '.join(sorted(named)) or 'nothing'}"
        )
    object_type = schema.type_map[type_name]
    assert isinstance(object_type, GraphQLObjectType)
    kinds = {name: get_named_type(object_type.fields[name].type).name for name in named}
    field_name = min(named, key=lambda name: (kinds[name] == "ID", keys[type_name].index(name)))
    table = table_type_of(origin_of(object_type))
    assert table is not None
    reading = KeyReading(
        tuple(sorted(kinds.items())),
        type_name,
        field_name,
        kinds[field_name],
        f"{type_name}__{field_name}",
        table,
    )
    # Only accepted shapes are kept: a few per entity type, however many bad ones arrive.
    readings[(type_name, given)] = reading
    return reading


@cache
def accepted_readings(schema: GraphQLSchema) -> dict[tuple[str, frozenset[str]], KeyReading]:
    """The readings of the shapes of representation met so far: a gateway sends the same few
    again and again."""
    return {}


@lookup_binder("_entities")
def bind_entities(arguments: Mapping[str, Any], _config: ApiConfig, schema: GraphQLSchema) -> Bound:
    """Each representation's tag and key; a malformed one is an error at its index."""
    bound = Bound(values={"tags": [], "keys": []})
    for index, representation in enumerate(arguments["representations"]):
        try:
            tag, key = entity_key(schema, representation, index)
        except ApiError as error:
            bound.item_errors[index] = error
            tag, key = None, None
        bound.values["tags"].append(tag)
        bound.values["keys"].append(key)
    return bound


@lookup_hook("_entities")
def entities_choice(planner: Planner, at: FieldAt) -> tree.Json:
    """_entities: each representation read by its type's branch, by the key it gives."""
    details, argument_site = at.details, at.argument_site
    assert argument_site is not None
    items, many = item_path(at.definition.type, at.path)
    planner.site(**at.site_details(), lookup="_entities")
    schema = planner.request.schema
    branches = []
    for type_name, fields in entity_keys(schema).items():
        object_type = schema.type_map[type_name]
        table = table_type_of(origin_of(object_type))
        assert isinstance(object_type, GraphQLObjectType)
        assert table is not None
        for field_name in fields:
            column = field_name
            if get_named_type(object_type.fields[field_name].type).name == "ID":
                assert table.key is not None
                column = table.key
            branches.append(
                branch(planner, object_type, f"{type_name}__{field_name}", column, details, items)
            )
    return tree.Choice(hits_of_keys(planner, argument_site), tuple(branches), many=many)


@lookup_binder("search")
def bind_search(arguments: Mapping[str, Any], config: ApiConfig, _schema: GraphQLSchema) -> Bound:
    """The text to look for and how many hits."""
    return Bound(
        values={
            "text": search_text(arguments["query"], "query"),
            "limit": list_size(config, "first", arguments.get("first"), DEFAULT_SEARCH_SIZE),
            "include_synthetic": bool(arguments.get("includeSynthetic")),
        }
    )


@lookup_hook("search")
def search_choice(planner: Planner, at: FieldAt) -> tree.Json:
    """search: the best hits, each read by its type's branch."""
    details, argument_site = at.details, at.argument_site
    assert argument_site is not None
    items, many = item_path(at.definition.type, at.path)
    text = planner.param(argument_site, "text", Text())
    limit = planner.param(argument_site, "limit", Integer())
    include_synthetic = planner.param(argument_site, "include_synthetic", Boolean())
    schema = planner.request.schema
    branches = tuple(
        branch(planner, schema.type_map[type_name], tag, "id", details, items)  # type: ignore[arg-type]
        for tag, type_name in SEARCH_TYPES.items()
    )
    reading = planner.reading
    return tree.Choice(
        lambda _: search_hits(text, limit, reading, include_synthetic), branches, many=many
    )
