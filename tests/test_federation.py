"""Federation v2: entities resolve in one batch per type, and the checked-in SDL stays current."""

import re
from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLNonNull, GraphQLObjectType, GraphQLUnionType, get_named_type
from sqlalchemy import Table
from strawberry import relay
from strawberry.federation.schema_directives import Key
from strawberry.types.base import StrawberryObjectDefinition

from schema import client_sdl, schema
from schema.read_path.declare import table_type_of

ROOT = Path(__file__).resolve().parent.parent
REGENERATE = (
    "iscm-graph schema --output schema.graphql && "
    "iscm-graph schema --federation --output schema.federation.graphql"
)

ENTITIES = """
query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Iscm { slug acronym }
    ... on MemberState { iso3 name }
    ... on GcmObjective { number shortName }
  }
}
"""

SLUGS = [
    "bali-process",
    "colombo-process",
    "abu-dhabi-dialogue",
    "budapest-process",
    "prague-process",
    "rabat-process",
    "khartoum-process",
    "regional-conference-on-migration",
]
STATES = ["PHL", "MEX", "DEU", "SEN", "THA", "IND", "BRA", "KEN", "AUS", "CAN"]


def selects(statements) -> list[str]:
    """The data-reading statements the request ran (savepoints left out)."""
    return [s for s in statements.statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def entity_types() -> list[str]:
    entity = schema._schema.type_map["_Entity"]
    assert isinstance(entity, GraphQLUnionType)
    return sorted(t.name for t in entity.types)


def object_definition(type_name: str) -> StrawberryObjectDefinition:
    definition = schema.get_type_by_name(type_name)
    assert isinstance(definition, StrawberryObjectDefinition)
    return definition


def object_type(type_name: str) -> GraphQLObjectType:
    graphql_type = schema._schema.type_map[type_name]
    assert isinstance(graphql_type, GraphQLObjectType)
    return graphql_type


def keys_of(type_name: str) -> list[str]:
    return [d.fields for d in object_definition(type_name).directives or () if isinstance(d, Key)]


def made_up_key(type_name: str, field: str, index: int) -> object:
    """A well-formed key value of the right type that may or may not exist."""
    graphql_type = get_named_type(object_type(type_name).fields[field].type)
    if graphql_type.name == "ID":
        return relay.to_base64(type_name, index)
    if graphql_type.name == "Int":
        return index
    return f"K{index:02d}"


async def test_entities_resolve_by_each_key_in_order(graphql):
    # given references to entities that exist, one that does not, across three types
    bali = (await graphql.data('{ iscm(slug: "bali-process") { id } }'))["iscm"]["id"]
    representations = [
        {"__typename": "Iscm", "slug": "colombo-process"},
        {"__typename": "Iscm", "id": bali},
        {"__typename": "MemberState", "iso3": "PHL"},
        {"__typename": "GcmObjective", "number": 23},
        {"__typename": "Iscm", "slug": "no-such-process"},
    ]

    # when
    entities = (await graphql.data(ENTITIES, {"representations": representations}))["_entities"]

    # then
    assert entities == [
        {"__typename": "Iscm", "slug": "colombo-process", "acronym": None},
        {"__typename": "Iscm", "slug": "bali-process", "acronym": None},
        {"__typename": "MemberState", "iso3": "PHL", "name": "Philippines"},
        {"__typename": "GcmObjective", "number": 23, "shortName": entities[3]["shortName"]},
        None,
    ]
    assert entities[3]["shortName"]


@pytest.mark.parametrize(
    ("type_name", "key", "values"),
    [
        ("Iscm", "slug", (SLUGS * 4)[:30]),
        ("MemberState", "iso3", (STATES * 3)[:30]),
        ("GcmObjective", "number", list(range(1, 31))),
    ],
)
async def test_thirty_representations_of_one_type_are_one_statement(
    graphql, statements, type_name, key, values
):
    representations = [{"__typename": type_name, key: value} for value in values]
    statements.reset()

    entities = (await graphql.data(ENTITIES, {"representations": representations}))["_entities"]

    assert len(entities) == 30
    assert sum(entity is not None for entity in entities) >= 23
    assert len(selects(statements)) == 1, selects(statements)


async def test_three_types_in_one_request_are_one_statement(graphql, statements):
    representations: list[dict[str, Any]] = [
        *({"__typename": "Iscm", "slug": slug} for slug in SLUGS),
        *({"__typename": "MemberState", "iso3": iso3} for iso3 in STATES),
        *({"__typename": "GcmObjective", "number": number} for number in range(1, 24)),
    ]
    statements.reset()

    entities = (await graphql.data(ENTITIES, {"representations": representations}))["_entities"]

    assert [entity["__typename"] for entity in entities] == [
        r["__typename"] for r in representations
    ]
    assert None not in entities
    assert len(selects(statements)) == 1, selects(statements)


@pytest.mark.parametrize("type_name", entity_types())
def test_every_entity_is_read_from_rows_by_each_of_its_keys(type_name):
    # without rows the read path could not answer a reference; each key is a column (or the
    # global id, read by the type's key column)
    origin = object_definition(type_name).origin
    table = table_type_of(origin)

    assert table is not None, f"{type_name} declares no rows"
    assert keys_of(type_name), f"{type_name} has no @key"
    rows = table.source.rows(None, None)
    assert isinstance(rows, Table), f"{type_name} is read from a select"
    columns = rows.c
    for key in keys_of(type_name):
        column = table.key if key == "id" else key
        assert column is not None, f"{type_name} has an id but no key column"
        assert column in columns, f"{type_name}.{key} is not a column"


@pytest.mark.parametrize("type_name", entity_types())
async def test_every_entity_type_loads_in_one_batch(graphql, statements, type_name):
    # given 30 references by the type's first key, existing or not
    key = keys_of(type_name)[0]
    representations = [
        {"__typename": type_name, key: made_up_key(type_name, key, index)} for index in range(1, 31)
    ]
    statements.reset()

    # when
    body = await graphql.execute(
        "query E($r: [_Any!]!) { _entities(representations: $r) { __typename } }",
        {"r": representations},
    )

    # then
    assert "errors" not in body, body["errors"]
    assert len(body["data"]["_entities"]) == 30
    assert len(selects(statements)) <= 1, selects(statements)


def test_page_info_is_shareable_with_other_subgraphs():
    sdl = schema.as_str()

    assert "type PageInfo @shareable" in sdl
    assert '"@shareable"' in sdl.splitlines()[0]


def test_entity_keys_use_graphql_field_names():
    sdl = schema.as_str()

    assert re.search(r'type Iscm [^{]*@key\(fields: "id"\) @key\(fields: "slug"\)', sdl)
    assert re.search(r'type MemberState [^{]*@key\(fields: "iso3"\)', sdl)
    assert re.search(r'type GcmObjective [^{]*@key\(fields: "number"\)', sdl)
    for type_name in entity_types():
        fields = object_type(type_name).fields
        for key in keys_of(type_name):
            assert isinstance(fields[key].type, GraphQLNonNull), f"{type_name}.{key}"


@pytest.mark.parametrize(
    ("path", "current"),
    [("schema.graphql", client_sdl), ("schema.federation.graphql", schema.as_str)],
)
def test_the_checked_in_schema_files_are_current(path, current):
    checked_in = (ROOT / path).read_text(encoding="utf-8")

    assert checked_in == current() + "\n", (
        f"{path} is out of date with the schema; regenerate both files with: {REGENERATE}"
    )


async def test_the_service_sdl_is_the_federation_schema(graphql):
    data = await graphql.data("{ _service { sdl } }")

    assert data["_service"]["sdl"] == schema.as_str()


async def test_malformed_representations_are_the_clients_error(graphql):
    # given one good reference and three the subgraph cannot resolve
    representations = [
        {"__typename": "MemberState", "iso3": "PHL"},
        {"__typename": "NoSuchType", "iso3": "PHL"},
        {"__typename": "MemberState", "code": "PHL"},
        {"__typename": "PageInfo", "hasNextPage": True},
    ]

    # when
    body = await graphql.execute(
        "query($r: [_Any!]!) { _entities(representations: $r) { ... on MemberState { iso3 } } }",
        {"r": representations},
    )

    # then the good one resolves and each bad one is a typed BAD_USER_INPUT at its index
    assert body["data"]["_entities"] == [{"iso3": "PHL"}, None, None, None]
    errors = sorted(body["errors"], key=lambda e: e["path"])
    assert [e["path"] for e in errors] == [["_entities", 1], ["_entities", 2], ["_entities", 3]]
    assert {e["extensions"]["code"] for e in errors} == {"BAD_USER_INPUT"}
    assert "NoSuchType" in errors[0]["message"]
    assert "keyed by iso3" in errors[1]["message"]
