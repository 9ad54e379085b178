"""Relations read for a whole page of parents at once (db/readsql/batch.py).

Below a page, a relation joined on a key is one select for the page's rows (and below it,
for those related rows in turn); for a single parent (`iscm(slug:)`) it stays a correlated
subquery. Both forms must answer alike,
whoever reads: drafts only for their ISCM's partners and editors, shared records counted.
"""

from typing import Any

import pytest
from sqlalchemy import and_, exists, insert, select, true, update

from db import models
from db.queries.catalogue import is_participant
from db.queries.recommendations import belongs_to
from db.queries.visibility import ANONYMOUS as ANONYMOUS_READING
from db.readsql.batch import keyed, unique_key
from db.readsql.compiler import Compiler
from db.readsql.tree import Related, Source
from resolvers.context import ApiConfig
from resolvers.principal import ANONYMOUS
from schema.read_path.arguments import FEW_ROWS
from tests.graph_support import (
    EDITOR,
    add_contribution,
    add_recommendation,
    data_as,
    execute_as,
    iscm_id,
    partner_of,
    review_process_id,
)

# What a page of ISCMs and a single ISCM both read: every relation the compiler batches.
FIELDS = """
  slug
  members { iso3 name }
  observers { iso3 }
  memberships(role: MEMBER) { state { iso3 } }
  thematicAreas { slug }
  gcmObjectives(includeSynthetic: true) { objective { number } recommendationCount contributionCount }
  realObjectives: gcmObjectives { objective { number } recommendationCount contributionCount }
  recommendations(first: 0) { totalCount }
  latest: recommendations(first: 2) {
    totalCount edges { node { title iscm { slug } iscms { slug } thematicAreas { slug } } }
  }
  events { totalCount }
  disputedFacts { field }
"""
PAGE = f"""
query Page($first: Int, $after: String, $filter: IscmFilter) {{
  iscms(first: $first, after: $after, filter: $filter) {{
    totalCount
    pageInfo {{ hasNextPage endCursor }}
    edges {{ node {{ {FIELDS} }} }}
  }}
}}
"""
ONE = f"""
query One($slug: String!) {{ iscm(slug: $slug) {{ {FIELDS} }} }}
"""


THEMES = (
    "irregular-migration",
    "labour-migration",
    "migration-and-development",
    "drivers-of-migration",
    "counter-smuggling",
    "counter-trafficking",
    "return-and-reintegration",
    "skills-recognition-and-portability",
    "border-management",
    "migration-and-climate-change",
    "migration-data",
    "diaspora-engagement",
    "migrant-health",
    "migrants-in-crisis",
    "social-inclusion",
)


@pytest.fixture
async def records(session, session_factory) -> dict[str, Any]:
    """Outcomes of two ISCMs on a theme and objectives the Bali Process has none on: a draft
    recommendation and a draft contribution of the Bali Process, and a published
    recommendation of the Budapest Process shared with the Bali Process."""
    bali = await iscm_id(session, "bali-process")
    budapest = await iscm_id(session, "budapest-process")
    before = (await data_as(session_factory, ONE, {"slug": "bali-process"}, EDITOR))["iscm"]
    had = {count["objective"]["number"] for count in before["gcmObjectives"]}
    had_themes = {theme["slug"] for theme in before["thematicAreas"]}
    new_objectives = [number for number in range(1, 24) if number not in had]
    new_themes = [slug for slug in THEMES if slug not in had_themes]
    assert len(new_objectives) >= 3, "the Bali Process addresses nearly every objective"
    assert len(new_themes) >= 2, "the Bali Process works on nearly every theme"
    drafted, contributed, shared_objective = new_objectives[:3]
    draft_theme, shared_theme = new_themes[:2]
    draft = await add_recommendation(
        session, iscm=bali, title="Draft of Bali", themes=(draft_theme,), objectives=(drafted,)
    )
    await session.execute(
        update(models.Recommendation)
        .where(models.Recommendation.id == draft)
        .values(status="DRAFT", published_at=None)
    )
    shared = await add_recommendation(
        session,
        iscm=budapest,
        title="Shared by Budapest",
        themes=(shared_theme,),
        objectives=(shared_objective,),
    )
    await session.execute(
        insert(models.recommendation_shared_iscms).values(recommendation_id=shared, iscm_id=bali)
    )
    process = await review_process_id(session, "imrf-2026")
    await add_contribution(
        session,
        iscm=bali,
        process=process,
        title="Draft contribution",
        status="DRAFT",
        objectives=(contributed,),
    )
    await session.flush()
    return {
        "bali": bali,
        "drafted": {"theme": draft_theme, "objectives": {drafted, contributed}},
        "shared": {"theme": shared_theme, "objective": shared_objective},
    }


async def pages(session_factory, principal: Any, **variables: Any) -> list[dict[str, Any]]:
    """Every node of the ISCM catalogue, page by page, as `principal` reads it."""
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        data = await data_as(
            session_factory, PAGE, {"first": 12, "after": after, **variables}, principal
        )
        nodes += [edge["node"] for edge in data["iscms"]["edges"]]
        if not data["iscms"]["pageInfo"]["hasNextPage"]:
            return nodes
        after = data["iscms"]["pageInfo"]["endCursor"]


@pytest.mark.parametrize("who", ["anonymous", "partner", "editor"])
async def test_a_page_reads_each_iscm_as_a_single_read_does(
    who, records, session_factory, statements
):
    # given readers who see the Bali Process's drafts (its partner, an editor) or not
    principal = {
        "anonymous": ANONYMOUS,
        "partner": partner_of(records["bali"]),
        "editor": EDITOR,
    }[who]

    # when the whole catalogue is read page by page, and each ISCM on its own
    statements.reset()
    listed = await pages(session_factory, principal)
    page_sql = statements.statements[0]
    singles = [
        (await data_as(session_factory, ONE, {"slug": node["slug"]}, principal))["iscm"]
        for node in listed
    ]

    # then the pages read their ISCMs' relations for the page at once (lists, counts and
    # to-one relations), and answer exactly as the per-ISCM reads do
    assert "= ANY (array((SELECT" in page_sql
    assert "LEFT OUTER JOIN gcm_objectives" in page_sql
    assert len(listed) == 34
    assert listed == singles

    # and the drafts show only to whom may see them; the shared recommendation to everyone
    bali = next(node for node in listed if node["slug"] == "bali-process")
    themes = {theme["slug"] for theme in bali["thematicAreas"]}
    objectives = {count["objective"]["number"] for count in bali["gcmObjectives"]}
    sees_drafts = who != "anonymous"
    assert (records["drafted"]["theme"] in themes) == sees_drafts
    assert (records["drafted"]["objectives"] <= objectives) == sees_drafts
    assert not records["drafted"]["objectives"] & objectives or sees_drafts
    assert records["shared"]["theme"] in themes
    assert records["shared"]["objective"] in objectives


async def test_shared_records_count_for_every_iscm_they_belong_to(records, session_factory):
    # given a recommendation of the Budapest Process shared with the Bali Process
    # when the catalogue is read
    listed = {node["slug"]: node for node in await pages(session_factory, ANONYMOUS)}

    # then each counts it once, as its own
    for slug in ("bali-process", "budapest-process"):
        single = (await data_as(session_factory, ONE, {"slug": slug}))["iscm"]
        assert listed[slug]["recommendations"] == single["recommendations"]
    titles = {edge["node"]["title"] for edge in listed["bali-process"]["latest"]["edges"]}
    assert listed["bali-process"]["recommendations"]["totalCount"] >= 1
    assert "Draft of Bali" not in titles


async def test_an_empty_page_reads_no_relation(session_factory):
    # when no ISCM matches, or none is asked for
    nothing = await data_as(
        session_factory, PAGE, {"first": 10, "filter": {"search": "zzzqqqxxnothing"}}
    )
    none_asked = await data_as(session_factory, PAGE, {"first": 0})

    # then the pages are empty, and their counts right
    assert nothing["iscms"] == {
        "totalCount": 0,
        "pageInfo": {"hasNextPage": False, "endCursor": None},
        "edges": [],
    }
    assert none_asked["iscms"]["edges"] == []
    assert none_asked["iscms"]["pageInfo"]["hasNextPage"] is True


@pytest.mark.parametrize("who", ["anonymous", "editor"])
async def test_a_page_of_a_few_rows_reads_its_keyed_relations_row_by_row_and_answers_alike(
    who, records, session_factory, statements
):
    # given a reader, and the catalogue's first twelve ISCMs read as one page
    principal = ANONYMOUS if who == "anonymous" else EDITOR
    twelve = await data_as(session_factory, PAGE, {"first": 12}, principal)
    expected = [edge["node"] for edge in twelve["iscms"]["edges"]]

    # when the same ISCMs are read in pages of at most FEW_ROWS (and one more) rows
    statements.reset()
    small = await data_as(session_factory, PAGE, {"first": FEW_ROWS}, principal)
    after = small["iscms"]["pageInfo"]["endCursor"]
    larger = await data_as(
        session_factory, PAGE, {"first": FEW_ROWS + 1, "after": after}, principal
    )

    # then the small page reads the relations keyed on its rows' columns row by row (its
    # to-one objective is looked up, not joined) and those through link tables for the page;
    # the larger page reads both for the page; both answer as the page of twelve does
    small_sql, larger_sql = statements.statements
    assert "LEFT OUTER JOIN gcm_objectives" not in small_sql
    assert "LEFT OUTER JOIN gcm_objectives" in larger_sql
    batched = "= ANY (array((SELECT"
    assert 0 < small_sql.count(batched) < larger_sql.count(batched)
    nodes = [edge["node"] for page in (small, larger) for edge in page["iscms"]["edges"]]
    assert nodes == expected[: 2 * FEW_ROWS + 1]


# The split a batched read rests on, on bare tables.
ISCM = models.Iscm.__table__
MEMBERSHIP = models.IscmMembership.__table__


def test_a_key_equality_splits_from_the_other_conditions():
    parent, row = ISCM.alias(), MEMBERSHIP.alias()
    rest = row.c.role == "MEMBER"

    found = keyed(row, [and_(true(), parent.c.id == row.c.iscm_id, rest)], parent)

    assert found is not None
    assert found.row_key is row.c.iscm_id
    assert found.parent_key is parent.c.id
    assert [str(condition) for condition in found.rest] == [str(rest)]


@pytest.mark.parametrize(
    "condition",
    [
        # the parent read inside a subquery: no key to group by
        lambda parent, row: exists().where(ISCM.c.id == parent.c.id, ISCM.c.id == row.c.iscm_id),
        # two conditions on the parent
        lambda parent, row: and_(row.c.iscm_id == parent.c.id, row.c.role == parent.c.slug),
        # a parent expression, not a column
        lambda parent, row: row.c.iscm_id == parent.c.id + 1,
        # no relation to the parent at all
        lambda _, row: row.c.role == "MEMBER",
    ],
)
def test_other_relations_stay_correlated(condition):
    parent, row = ISCM.alias(), MEMBERSHIP.alias()
    assert keyed(row, [condition(parent, row)], parent) is None


def own_id(_: Any, iscm: Any) -> Any:
    """Rows derived from the parent row: its own id."""
    return select(iscm.c.id.label("iscm_id"))


def same_iscm(iscm: Any, own: Any) -> Any:
    return own.c.iscm_id == iscm.c.id


def test_rows_derived_from_the_parent_stay_correlated():
    parent = ISCM.alias()
    compiler = Compiler(ANONYMOUS_READING)
    row, conditions = compiler._rows(Related(Source("Own", own_id), same_iscm), parent)
    assert keyed(row, conditions, parent) is None


def test_a_to_one_relation_joins_only_on_a_unique_column():
    objective, membership = models.GcmObjective.__table__.alias(), MEMBERSHIP.alias()
    iscm = ISCM.alias()

    # a one-column primary key, a unique column: at most one row per parent
    assert unique_key(objective, objective.c.number)
    assert unique_key(iscm, iscm.c.slug)
    # one column of a composite key, a plain column, derived rows: maybe more
    assert not unique_key(membership, membership.c.iscm_id)
    assert not unique_key(iscm, iscm.c.kind)
    derived = select(ISCM.c.id).subquery()
    assert not unique_key(derived, derived.c.id)


STATE_FIELDS = """
  iso3
  iscms { slug memberCount members { iso3 } }
  asMember: iscms(role: MEMBER) { slug }
  memberships { role iscm { slug } }
  recommendations(first: 2) {
    totalCount
    edges { node { title gcmObjectives { number } thematicAreas { slug } iscms { slug } } }
  }
"""
STATES_PAGE = f"""
query States($after: String) {{
  memberStates(first: 40, after: $after) {{
    pageInfo {{ hasNextPage endCursor }}
    edges {{ node {{ {STATE_FIELDS} }} }}
  }}
}}
"""
ONE_STATE = f"""
query State($iso3: String!) {{ memberState(iso3: $iso3) {{ {STATE_FIELDS} }} }}
"""


async def test_relations_through_link_tables_read_for_a_page_as_for_one(
    records, session_factory, statements
):
    # given a partner of the Bali Process (who sees its drafts)
    partner = partner_of(records["bali"])

    # when every State is read page by page, and each on its own
    statements.reset()
    listed: list[dict[str, Any]] = []
    after = None
    while True:
        data = await unbounded(session_factory, STATES_PAGE, {"after": after}, partner)
        listed += [edge["node"] for edge in data["memberStates"]["edges"]]
        if not data["memberStates"]["pageInfo"]["hasNextPage"]:
            break
        after = data["memberStates"]["pageInfo"]["endCursor"]
    page_sql = statements.statements[0]
    singles = [
        (await data_as(session_factory, ONE_STATE, {"iso3": node["iso3"]}, partner))["memberState"]
        for node in listed
    ]

    # then the pages read the States' ISCMs through the membership table for the page at
    # once, and answer as the single reads do
    assert "JOIN (SELECT iscm_memberships" in page_sql
    assert listed == singles
    assert any(node["iscms"] for node in listed)


async def unbounded(
    session_factory: Any, query: str, variables: dict[str, Any], principal: Any
) -> dict[str, Any]:
    """Run an operation whose nested lists the cost limit would refuse; return its data."""
    config = ApiConfig(max_cost=100_000_000)
    result = await execute_as(session_factory, query, variables, principal, config)
    assert result.errors is None, result.errors
    return result.data


def test_a_link_table_keyed_on_the_pair_splits_as_a_key():
    parent, row = ISCM.alias(), models.MemberState.__table__.alias()

    found = keyed(row, [and_(true(), is_participant(parent, row, "MEMBER"))], parent)

    assert found is not None
    assert found.link is not None
    assert found.row_key is None
    assert found.parent_key is parent.c.id
    (role,) = found.link.rest
    assert str(role).endswith(".role = :role_1")


def test_links_that_would_need_deduplicating_stay_correlated():
    # the (recommendation, ISCM) pairs are a union: a pair may come twice
    parent, row = ISCM.alias(), models.Recommendation.__table__.alias()
    assert keyed(row, [belongs_to(row, parent.c.id)], parent) is None
    # a link also reading the parent elsewhere
    state = models.MemberState.__table__.alias()
    both = and_(is_participant(parent, state), is_participant(parent, state, "MEMBER"))
    assert keyed(state, [both], parent) is None
