"""The cost estimate from real sizes: every unpaged list has a bound measured from the data or
declared, expensive fan-outs are refused before any SQL, and real client queries still run."""

from pathlib import Path

from graphql import (
    FragmentDefinitionNode,
    GraphQLInterfaceType,
    GraphQLObjectType,
    OperationDefinitionNode,
    get_introspection_query,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
    is_list_type,
    parse,
)
from sqlalchemy import delete, insert, select

from db import models
from resolvers.context import ApiConfig
from schema import list_sizes, schema
from schema.limits import is_paged, operation_cost
from schema.list_sizes import LIST_BOUNDS, MEASURED

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "queries"
BENCH_QUERIES = ROOT / "bench" / "queries"
DEFAULT_MAXIMUM = ApiConfig().max_cost

# Nested unpaged lists: objectives, the ISCMs addressing each, their members and the ISCMs of
# each member. The estimate that assumed 10 items a list priced it at 41,110 (under the 50,000
# limit); on real data it returns tens of megabytes.
FAN_OUT = """{
  gcmObjectives {
    iscms {
      members {
        iscms { slug name acronym kind }
      }
    }
  }
}"""


def unpaged_object_lists() -> list[str]:
    """Every list field of the schema with a selection set and without `first`/`last`."""
    found = []
    for type_name, graphql_type in schema._schema.type_map.items():
        if type_name.startswith("__"):
            continue
        if not isinstance(graphql_type, (GraphQLObjectType, GraphQLInterfaceType)):
            continue
        for field_name, field in graphql_type.fields.items():
            listed = is_list_type(get_nullable_type(field.type))
            if listed and not is_leaf_type(get_named_type(field.type)) and not is_paged(field):
                found.append(f"{type_name}.{field_name}")
    return found


def test_every_unpaged_list_has_a_bound():
    # `edges` lists are pages, _entities and nodes hold what their arguments name
    exempt = {"Query._entities", "Query.nodes"}
    unbounded = [
        name
        for name in unpaged_object_lists()
        if name not in LIST_BOUNDS and name not in exempt and not name.endswith(".edges")
    ]

    assert unbounded == []
    assert "Iscm.members" in LIST_BOUNDS
    assert "GcmObjective.iscms" in LIST_BOUNDS


async def test_sizes_are_measured_from_the_database(session):
    # when the sizes are measured from the seeded database
    await list_sizes.refresh(session)

    # then they are its tables and its largest groups
    assert MEASURED["member_states"] == 249
    assert MEASURED["iscms"] == 34
    assert MEASURED["gcm_objectives"] == 23
    assert MEASURED["members_per_iscm"] == 106  # the largest ISCM's member list
    assert MEASURED["memberships_per_state"] == 11
    assert MEASURED["top_regions"] == 5


async def test_a_measure_follows_the_data_and_changes_the_version(session):
    # given the sizes of the seeded database
    await list_sizes.refresh(session)
    version, largest = MEASURED.version, MEASURED["members_per_iscm"]
    iscm_id = await session.scalar(select(models.Iscm.id).order_by(models.Iscm.id.desc()).limit(1))
    await session.execute(
        delete(models.IscmMembership).where(models.IscmMembership.iscm_id == iscm_id)
    )
    states = (
        await session.scalars(
            select(models.MemberState.iso3)
            .where(models.MemberState.un_status != models.TERRITORY)
            .limit(largest + 5)
        )
    ).all()

    # when one ISCM grows past the largest, and the sizes are measured again
    await session.execute(
        insert(models.IscmMembership),
        [{"iscm_id": iscm_id, "state_iso3": iso3, "role": "MEMBER"} for iso3 in states],
    )
    await list_sizes.refresh(session)

    # then the bound is the new largest, under a new version (cached costs do not apply)
    assert MEASURED["members_per_iscm"] == largest + 5
    assert MEASURED.version > version
    await session.rollback()
    await list_sizes.refresh(session)
    assert MEASURED["members_per_iscm"] == largest


async def test_nested_unpaged_lists_are_refused_before_any_sql(graphql, statements):
    # given the fan-out query, 130 bytes without its indentation
    assert len(" ".join(FAN_OUT.split())) < 251
    statements.reset()

    # when it is sent without credentials
    [error] = await graphql.errors(FAN_OUT)

    # then it is refused on its cost, priced with the data's sizes, before any statement ran
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["limit"] == "cost"
    assert error["extensions"]["cost"] > 10 * DEFAULT_MAXIMUM
    assert statements.count == 0


async def test_the_coverage_matrix_runs_under_the_default_limits(graphql):
    document = (EXAMPLES / "gcm_coverage_matrix.graphql").read_text()

    data = await graphql.data(document)

    rows = data["gcmCoverage"]["rows"]
    assert len(rows) == 34
    assert {len(row["cells"]) for row in rows} == {23}


async def test_a_100_item_page_runs_under_the_default_limits(graphql):
    catalogue = (EXAMPLES / "catalogue_with_members.graphql").read_text()
    export = (BENCH_QUERIES / "contribution_export.graphql").read_text()

    page = await graphql.data(catalogue, {"first": 100})
    contributions = await graphql.data(export)

    assert len(page["iscms"]["edges"]) == 34  # every ISCM: fewer than 100 exist
    assert sum(len(edge["node"]["members"]) for edge in page["iscms"]["edges"]) > 500
    assert "edges" in contributions["reviewContributions"]


async def test_the_example_and_benchmark_queries_cost_less_than_the_maximum(session):
    await list_sizes.refresh(session)
    documents = [*EXAMPLES.glob("*.graphql"), *BENCH_QUERIES.glob("*.graphql")]
    config = ApiConfig()
    for path in documents:
        if "postgraphile" in path.name:
            continue
        document = parse(path.read_text())
        [operation] = document.definitions
        assert isinstance(operation, OperationDefinitionNode)
        cost = operation_cost(schema._schema, operation, {}, {"first": 100}, config)
        assert cost <= config.max_cost, f"{path.name} costs {cost}"


async def test_the_standard_introspection_query_runs_and_an_introspection_bomb_does_not(graphql):
    # the query GraphiQL and code generators send costs what it returns: a few thousand items
    document = get_introspection_query(descriptions=True)
    [operation] = parse(document).definitions[:1]
    assert isinstance(operation, OperationDefinitionNode)
    fragments = {
        d.name.value: d
        for d in parse(document).definitions[1:]
        if isinstance(d, FragmentDefinitionNode)
    }
    # (it grows with the schema: keep it well under the default maximum of 50,000)
    assert operation_cost(schema._schema, operation, fragments, {}, ApiConfig()) < 40_000
    data = await graphql.data(document)
    assert len(data["__schema"]["types"]) > 100

    # every type's fields' types' fields' types' fields: millions of items
    bomb = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    [operation] = parse(bomb).definitions
    assert isinstance(operation, OperationDefinitionNode)
    assert operation_cost(schema._schema, operation, {}, {}, ApiConfig()) > DEFAULT_MAXIMUM
    [error] = await graphql.errors(bomb)
    assert error["message"] == "Maximum introspection depth exceeded"  # graphql-core's own rule
