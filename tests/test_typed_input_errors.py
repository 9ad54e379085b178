"""Bad read input is the client's error, typed: ids, out-of-range numbers, `_entities` keys."""

import base64
from typing import Any

import pytest

NODE = "query($id: ID!) { node(id: $id) { id } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
ENTITIES = (
    "query($r: [_Any!]!) { _entities(representations: $r) { __typename"
    " ... on GcmObjective { number } ... on Iscm { slug } ... on MemberState { iso3 } } }"
)


def global_id(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body["errors"]]


@pytest.mark.parametrize("type_name", ["Foo", "Query", "IscmConnection", "PageInfo", ""])
async def test_an_id_naming_no_object_type_is_bad_user_input(graphql, type_name):
    # given an id that decodes, but names something that has no objects here
    unknown = global_id(f"{type_name}:1")
    known = global_id("GcmObjective:1")
    # when it is looked up alone, or among known ids
    single = await graphql.execute(NODE, {"id": unknown})
    listed = await graphql.execute(NODES, {"ids": [known, unknown]})
    # then both are refused, naming the type and the argument
    assert codes(single) == ["BAD_USER_INPUT"]
    assert single["errors"][0]["extensions"]["argument"] == "id"
    assert repr(type_name) in single["errors"][0]["message"]
    assert codes(listed) == ["BAD_USER_INPUT"]
    assert listed["errors"][0]["extensions"]["argument"] == "ids"


@pytest.mark.parametrize("malformed", ["!!!", "", "SXNjbQ==", "Iscm:1", "====", "wqU="])
async def test_an_id_that_does_not_decode_is_bad_user_input(graphql, malformed):
    for query, variables in ((NODE, {"id": malformed}), (NODES, {"ids": [malformed]})):
        body = await graphql.execute(query, variables)
        assert codes(body) == ["BAD_USER_INPUT"], body


@pytest.mark.parametrize("key", ["PH\x00L", "\x00"])
@pytest.mark.parametrize("type_name", ["MemberState", "SdgTarget", "ThematicArea"])
async def test_a_nul_inside_an_encoded_key_is_bad_user_input(graphql, type_name, key):
    # the NUL is hidden from the request's own check by the base64 around it
    body = await graphql.execute(NODES, {"ids": [global_id(f"{type_name}:{key}")]})
    assert codes(body) == ["BAD_USER_INPUT"]
    assert "NUL" in body["errors"][0]["message"]


async def test_an_id_of_a_known_type_with_no_such_row_is_still_null(graphql):
    body = await graphql.execute(NODE, {"id": global_id("Iscm:999999")})
    assert body == {"data": {"node": None}}


@pytest.mark.parametrize("year", [40000, 2**31 - 1, -(2**31), 0, 1899, 2101])
async def test_a_year_filter_outside_any_year_column_is_bad_user_input(graphql, year):
    body = await graphql.execute(
        "query($year: Int) { reviewProcesses(filter: {year: $year}) { totalCount } }",
        {"year": year},
    )
    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["argument"] == "filter.year"
    assert "1900 to 2100" in body["errors"][0]["message"]


async def test_a_year_filter_in_range_still_filters(graphql):
    data = await graphql.data("{ reviewProcesses(filter: {year: 1950}) { totalCount } }")
    assert data == {"reviewProcesses": {"totalCount": 0}}


@pytest.mark.parametrize(
    ("representation", "argument"),
    [
        ({"__typename": "Iscm", "slug": 5}, "representations[0].slug"),
        ({"__typename": "Iscm", "slug": {"a": 1}}, "representations[0].slug"),
        ({"__typename": "Iscm", "id": "not-a-global-id"}, "representations[0].id"),
        ({"__typename": "Iscm", "id": 7}, "representations[0].id"),
        ({"__typename": "MemberState", "iso3": ["PHL"]}, "representations[0].iso3"),
        ({"__typename": "MemberState", "iso3": None}, "representations[0].iso3"),
        ({"__typename": "GcmObjective", "number": "7"}, "representations[0].number"),
        ({"__typename": "GcmObjective", "number": None}, "representations[0].number"),
        ({"__typename": "GcmObjective", "number": True}, "representations[0].number"),
        ({"__typename": "GcmObjective", "number": 7.5}, "representations[0].number"),
        ({"__typename": "SdgTarget", "code": 10.7}, "representations[0].code"),
        ({"__typename": "ReviewContribution", "id": {"id": 1}}, "representations[0].id"),
        ({"__typename": "ReviewContribution", "id": []}, "representations[0].id"),
        ({"__typename": "GcmObjective"}, "representations[0]"),
        ({"__typename": "GcmObjective", "slug": "x"}, "representations[0]"),
        ({"__typename": "Nope", "id": "1"}, "representations[0]"),
        ({"__typename": None, "number": 1}, "representations[0]"),
        ({"number": 1}, "representations[0]"),
        ("GcmObjective:1", "representations[0]"),
    ],
)
async def test_entities_with_keys_of_the_wrong_shape_are_bad_user_input(
    graphql, representation, argument
):
    body = await graphql.execute(ENTITIES, {"r": [representation]})
    assert body["data"] == {"_entities": [None]}
    assert codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["argument"] == argument


async def test_entities_keep_resolving_good_keys_beside_bad_ones(graphql):
    body = await graphql.execute(
        ENTITIES,
        {
            "r": [
                {"__typename": "GcmObjective", "number": 3},
                {"__typename": "GcmObjective", "number": "3"},
                {"__typename": "GcmObjective", "number": 40000},  # no column holds it: null
                {"__typename": "Iscm", "id": global_id("Iscm:1"), "slug": "bali-process"},
                {"__typename": "MemberState", "iso3": "phl"},
            ]
        },
    )
    assert body["data"]["_entities"] == [
        {"__typename": "GcmObjective", "number": 3},
        None,
        None,
        {"__typename": "Iscm", "slug": "bali-process"},
        {"__typename": "MemberState", "iso3": "PHL"},
    ]
    assert [error["path"] for error in body["errors"]] == [["_entities", 1]]
