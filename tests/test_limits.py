"""Operation limits: depth, tokens, aliases, cost and introspection, refused before execution."""

import time
from types import SimpleNamespace

import pytest
import strawberry
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse

from resolvers.context import ApiConfig
from schema import schema
from schema.limits import (
    ASSUMED_LIST_SIZE,
    COMPARISON_BUDGET,
    FIELD_COSTS,
    assumed_list_size,
    field_cost,
    operation_cost,
)
from schema.list_sizes import FALLBACK, LIST_BOUNDS, MeasuredSizes
from service.settings import load_settings
from tests.in_process import app_client

GRAPHQL_RESPONSE = {"accept": "application/graphql-response+json"}

ISCM_PAGE = """
query Page($n: Int) {
  iscms(first: $n) { totalCount edges { node { members { iso3 } } } }
}
"""
# Sizes as the seeded database measures them (tests/test_cost_model.py checks they are).
SIZES = MeasuredSizes(
    {**FALLBACK, "members_per_iscm": 106, "memberships_per_state": 11, "gcm_objectives": 23}
)
# iscms (2, paged) + n x (totalCount + edges + node + members + the largest membership x iso3)
PAGE_OVERHEAD, PER_ISCM = 2, 1 + 1 + 1 + 1 + SIZES["members_per_iscm"] * 1


def cost_of(document: str, variables: dict | None = None, graphql_schema=None, **config) -> int:
    parsed = parse(document)
    [operation] = [d for d in parsed.definitions if isinstance(d, OperationDefinitionNode)]
    fragments = {
        d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return operation_cost(
        graphql_schema or schema._schema,
        operation,
        fragments,
        variables,
        ApiConfig(
            default_page_size=config.get("default_page_size", 20),
            max_page_size=config.get("max_page_size", 100),
        ),
        SIZES,
    )


# The cost model


def test_each_field_costs_one():
    assert cost_of('{ iscm(slug: "bali-process") { slug name acronym } }') == 1 + 3


def test_an_unpaged_list_multiplies_by_its_bound():
    assert cost_of("{ gcmObjectives { number title shortName } }") == 1 + 23 * 3
    # the most ISCMs a State is in, then the most members an ISCM has
    assert cost_of('{ memberState(iso3: "PHL") { iscms { members { iso3 } } } }') == (
        1 + 1 + 11 * (1 + 106 * 1)
    )


def test_typename_is_free():
    assert cost_of("{ __typename gcmObjectives { __typename number } }") == 1 + 23 * 1


@pytest.mark.parametrize(
    ("variables", "page"),
    [({"n": 50}, 50), ({"n": None}, 20), ({}, 20), ({"n": 1000}, 100), ({"n": -3}, 0)],
)
def test_page_sizes_multiply_the_subtree(variables, page):
    assert cost_of(ISCM_PAGE, variables) == PAGE_OVERHEAD + page * PER_ISCM


def test_variable_defaults_and_last_count_as_page_sizes():
    with_default = ISCM_PAGE.replace("$n: Int", "$n: Int = 7")
    backwards = ISCM_PAGE.replace("first: $n", "last: 4")

    assert cost_of(with_default, {}) == PAGE_OVERHEAD + 7 * PER_ISCM
    assert cost_of(backwards, {}) == PAGE_OVERHEAD + 4 * PER_ISCM


def test_the_default_page_size_is_the_configured_one():
    assert cost_of(ISCM_PAGE, {}, default_page_size=3) == PAGE_OVERHEAD + 3 * PER_ISCM


def test_fragments_cost_what_their_fields_cost_each_time_they_are_spread():
    inline = "{ iscms(first: 10) { edges { node { slug name } } } }"
    spread = """
      { iscms(first: 10) { edges { node { ...Names ...Names } } } }
      fragment Names on Iscm { slug name }
    """
    typed = "{ iscms(first: 10) { edges { node { ... on Iscm { slug name } } } } }"

    assert cost_of(inline) == 2 + 10 * (1 + 1 + 2)
    assert cost_of(typed) == cost_of(inline)
    assert cost_of(spread) == 2 + 10 * (1 + 1 + 4)


def test_a_fragment_bomb_is_costed_at_once():
    # given 40 fragments, each spreading the previous one twice: 2^40 fields
    fragments = ["fragment F0 on GcmObjective { number }"]
    fragments += [
        f"fragment F{i} on GcmObjective {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 41)
    ]
    document = "{ gcmObjectives { ...F40 } }\n" + "\n".join(fragments)

    # when
    started = time.perf_counter()
    cost = cost_of(document)

    # then
    assert cost == 1 + 23 * 2**40
    assert time.perf_counter() - started < 1


def test_entity_lookups_cost_per_representation():
    document = "query E($r: [_Any!]!) { _entities(representations: $r) { __typename ... on GcmObjective { title } } }"
    representations = [{"__typename": "GcmObjective", "number": n} for n in range(1, 11)]

    assert cost_of(document, {"r": representations}) == 1 + 10 * 1


@strawberry.type
class Leaf:
    name: str


@strawberry.type
class Shelf:
    @strawberry.field
    def leaves(self, first: int | None = None) -> list[Leaf]:
        return []


@strawberry.type
class NewQuery:
    @strawberry.field
    def shelves(self, last: int | None = None) -> list[Shelf]:
        return []

    @strawberry.field(metadata=field_cost(40))
    def analysis(self) -> Leaf:
        return Leaf(name="x")

    @strawberry.field
    def registered(self) -> Leaf:
        return Leaf(name="x")

    @strawberry.field(metadata=assumed_list_size(200))
    def everything(self) -> list[Leaf]:
        return []

    @strawberry.field
    def few(self) -> list[Leaf]:
        return []


NEW_SCHEMA = strawberry.Schema(query=NewQuery)._schema


def test_any_field_with_first_or_last_multiplies_without_registration():
    # shelves (2) + 3 x (leaves (2) + 5 x name)
    assert cost_of(
        "{ shelves(last: 3) { leaves(first: 5) { name } } }", graphql_schema=NEW_SCHEMA
    ) == (2 + 3 * (2 + 5 * 1))


def test_a_field_can_declare_its_cost(monkeypatch):
    monkeypatch.setitem(FIELD_COSTS, "NewQuery.registered", 25)

    assert cost_of("{ analysis { name } }", graphql_schema=NEW_SCHEMA) == 40 + 1
    assert cost_of("{ registered { name } }", graphql_schema=NEW_SCHEMA) == 25 + 1


def test_a_list_can_declare_its_size(monkeypatch):
    monkeypatch.setitem(LIST_BOUNDS, "NewQuery.few", lambda _: 2)

    assert cost_of("{ everything { name } }", graphql_schema=NEW_SCHEMA) == 1 + 200 * 1
    assert cost_of("{ few { name } }", graphql_schema=NEW_SCHEMA) == 1 + 2 * 1


def test_a_list_of_another_schema_without_a_bound_holds_the_assumed_size():
    assert cost_of("{ few { name } }", graphql_schema=NEW_SCHEMA) == 1 + ASSUMED_LIST_SIZE * 1


# Refusals over HTTP


async def test_a_costly_operation_is_refused_before_it_runs(settings, session_factory, statements):
    # given a maximum just below what 100 ISCMs cost
    maximum = PAGE_OVERHEAD + 100 * PER_ISCM - 1
    async with app_client(settings.model_copy(update={"max_cost": maximum}), session_factory) as c:
        statements.reset()

        # when
        response = await c.post(
            "/graphql", json={"query": ISCM_PAGE, "variables": {"n": 100}}, headers=GRAPHQL_RESPONSE
        )

    # then
    assert response.status_code == 400
    body = response.json()
    assert "data" not in body
    [error] = body["errors"]
    assert error["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "limit": "cost",
        "cost": maximum + 1,
        "maximum": maximum,
    }
    assert statements.count == 0


async def test_the_same_operation_with_a_smaller_page_runs(settings, session_factory):
    maximum = PAGE_OVERHEAD + 100 * PER_ISCM - 1
    async with app_client(settings.model_copy(update={"max_cost": maximum}), session_factory) as c:
        response = await c.post("/graphql", json={"query": ISCM_PAGE, "variables": {"n": 99}})

    assert response.status_code == 200
    assert len(response.json()["data"]["iscms"]["edges"]) == 34


async def test_a_costly_subscription_is_refused_before_it_subscribes():
    # given a context allowing almost nothing
    context = SimpleNamespace(config=ApiConfig(max_cost=2), request_id="sub-1")
    subscription = (
        "subscription { reviewContributionEvents { action version contribution { title } } }"
    )

    # when
    results = await schema.subscribe(subscription, context_value=context)
    first = await anext(results)
    await results.aclose()

    # then
    assert first.errors is not None
    [error] = first.errors
    assert error.extensions is not None
    assert error.extensions["code"] == "QUERY_TOO_COMPLEX"
    assert error.extensions["limit"] == "cost"
    assert error.extensions["cost"] == 1 + 1 + 1 + 1 + 1


def nested(depth: int, iso3: str = "PHL") -> str:
    """A query `depth` levels deep: memberState, then iscms and members alternating."""
    levels = ["iscms", "members"] * depth
    inner = "__typename"
    for field in reversed(levels[: depth - 1]):
        inner = f"{field} {{ {inner} }}"
    return f'{{ memberState(iso3: "{iso3}") {{ {inner} }} }}'


async def test_nested_unpaged_lists_are_refused_before_they_fan_out(graphql, statements):
    # given States and their ISCMs nested eight deep: billions of rows if it ran
    statements.reset()

    # when
    [error] = await graphql.errors(nested(8))

    # then
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["limit"] == "cost"
    assert error["extensions"]["cost"] > 50_000
    assert statements.count == 0


async def test_depth_is_limited(settings, session_factory):
    async with app_client(settings.model_copy(update={"max_depth": 4}), session_factory) as c:
        allowed = await c.post("/graphql", json={"query": nested(4)})
        refused = await c.post("/graphql", json={"query": nested(5)}, headers=GRAPHQL_RESPONSE)

    assert "errors" not in allowed.json(), allowed.json()
    assert refused.status_code == 400
    [error] = refused.json()["errors"]
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "limit": "depth", "maximum": 4}
    assert "exceeds maximum operation depth of 4" in error["message"]


async def test_the_default_depth_is_twelve(settings, session_factory):
    # given no cost limit to speak of, and a State that does not exist, so nothing fans out
    uncapped = settings.model_copy(update={"max_cost": 10**30})

    # when
    async with app_client(uncapped, session_factory) as c:
        twelve = await c.post("/graphql", json={"query": nested(12, iso3="ZZZ")})
        thirteen = await c.post("/graphql", json={"query": nested(13, iso3="ZZZ")})

    # then
    assert twelve.json() == {"data": {"memberState": None}}
    [error] = thirteen.json()["errors"]
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "limit": "depth", "maximum": 12}


async def test_tokens_are_limited(settings, session_factory):
    # given a limit of 10 tokens
    small = "{ gcmObjectives { number title shortName } }"
    large = "{ gcmObjectives { number title shortName number title shortName number } }"

    # when
    async with app_client(settings.model_copy(update={"max_tokens": 10}), session_factory) as c:
        allowed = await c.post("/graphql", json={"query": small})
        refused = await c.post("/graphql", json={"query": large}, headers=GRAPHQL_RESPONSE)

    # then
    assert len(allowed.json()["data"]["gcmObjectives"]) == 23
    assert refused.status_code == 400
    [error] = refused.json()["errors"]
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "limit": "tokens", "maximum": 10}


async def test_the_default_token_limit_is_5000(graphql):
    [error] = await graphql.errors("{ " + "__typename " * 5000 + "}")

    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "limit": "tokens", "maximum": 5000}


async def test_a_document_too_costly_to_validate_is_too_complex(graphql):
    # graphql-core gives up comparing thousands of fields of one name
    [error] = await graphql.errors("{ " + "__typename " * 2000 + "}")

    assert error["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "limit": "validation",
        "maximum": COMPARISON_BUDGET,
    }


async def test_aliases_are_limited(graphql):
    def aliased(count: int) -> str:
        return "{ " + " ".join(f"a{i}: __typename" for i in range(count)) + " }"

    assert len(await graphql.data(aliased(30))) == 30
    [error] = await graphql.errors(aliased(31))
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "limit": "aliases", "maximum": 30}


# Introspection


async def test_introspection_can_be_switched_off_but_the_gateway_still_gets_the_sdl(
    settings, session_factory
):
    closed = settings.model_copy(update={"introspection": False})
    async with app_client(closed, session_factory) as c:
        introspection = await c.post("/graphql", json={"query": "{ __schema { types { name } } }"})
        service = await c.post("/graphql", json={"query": "{ _service { sdl } }"})

    errors = introspection.json()["errors"]
    assert {error["extensions"]["code"] for error in errors} == {"GRAPHQL_VALIDATION_FAILED"}
    assert "introspection has been disabled" in errors[0]["message"]
    sdl = service.json()["data"]["_service"]["sdl"]
    assert '@key(fields: "iso3")' in sdl


async def test_introspection_is_on_by_default(graphql):
    data = await graphql.data('{ __type(name: "Iscm") { name } }')

    assert data == {"__type": {"name": "Iscm"}}


def test_limits_are_read_from_the_environment(monkeypatch):
    for name, value in {
        "ISCM_MAX_DEPTH": "8",
        "ISCM_MAX_TOKENS": "900",
        "ISCM_MAX_ALIASES": "5",
        "ISCM_MAX_COST": "1234",
        "ISCM_MAX_BODY_BYTES": "65536",
        "ISCM_INTROSPECTION": "false",
        "ISCM_MAX_DOCUMENT_LENGTH": "20000",
        "ISCM_MAX_SELECTIONS": "700",
        "ISCM_MAX_RESPONSE_BYTES": "100000",
        "ISCM_CACHE_MAX_BYTES": "4000000",
    }.items():
        monkeypatch.setenv(name, value)

    settings = load_settings()

    assert (settings.max_document_length, settings.max_selections) == (20_000, 700)
    assert (settings.max_response_bytes, settings.cache_max_bytes) == (100_000, 4_000_000)
    assert (settings.max_depth, settings.max_tokens, settings.max_aliases) == (8, 900, 5)
    assert (settings.max_cost, settings.max_body_bytes) == (1234, 65536)
    assert settings.introspection is False
