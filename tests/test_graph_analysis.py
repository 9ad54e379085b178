"""Analysis fields against direct SQL: governance profiles, GCM coverage, State overlap."""

from collections import Counter, defaultdict

import pytest
from sqlalchemy import select

from db import models
from tests.graph_support import EDITOR, data_as, demo  # noqa: F401 - fixture

PROFILES = """
{
  iscms(first: 100) { edges { node { slug governanceProfile {
    recommendationCount contributionCount
    cells { level phase outcomeType recommendationCount contributionCount }
    byLevel { level recommendationCount contributionCount }
    byPhase { phase recommendationCount contributionCount }
    byOutcomeType { outcomeType recommendationCount contributionCount }
  } } } }
}
"""


async def iscms_of_records(session, model) -> dict[int, set[str]]:
    """Each record's ISCM slugs: its own, and for a recommendation those it is shared with."""
    slug_of = dict((await session.execute(select(models.Iscm.id, models.Iscm.slug))).all())
    owned = (await session.execute(select(model.id, model.iscm_id))).all()
    out = {record: {slug_of[iscm]} for record, iscm in owned if iscm is not None}
    if model is models.Recommendation:
        shared = models.recommendation_shared_iscms
        pairs = (await session.execute(select(shared.c.recommendation_id, shared.c.iscm_id))).all()
        for record, iscm in pairs:
            out.setdefault(record, set()).add(slug_of[iscm])
    return out


async def counted_records(session, model, *, published_only: bool, synthetic: bool) -> list:
    """The records an analysis counts: live, published unless `published_only` is off, real
    unless `synthetic`."""
    query = select(model).where(model.deleted_at.is_(None))
    if published_only:
        query = query.where(model.status == "PUBLISHED")
    if not synthetic:
        query = query.where(~model.synthetic)
    return list((await session.execute(query)).scalars())


async def sql_cells(session, *, published_only: bool, synthetic: bool = False) -> dict:
    """(slug, level, phase, outcome type) -> [recommendations, contributions], counted from
    the rows (a shared recommendation in each of its ISCMs)."""
    cells: dict = defaultdict(lambda: [0, 0])
    for position, model in enumerate((models.Recommendation, models.ReviewContribution)):
        iscms = await iscms_of_records(session, model)
        for record in await counted_records(
            session, model, published_only=published_only, synthetic=synthetic
        ):
            for slug in iscms.get(record.id, ()):
                cells[(slug, record.level, record.phase, record.outcome_type)][position] += 1
    return dict(cells)


def profile_cells(data: dict) -> dict:
    return {
        (edge["node"]["slug"], c["level"], c["phase"], c["outcomeType"]): [
            c["recommendationCount"],
            c["contributionCount"],
        ]
        for edge in data["iscms"]["edges"]
        for c in edge["node"]["governanceProfile"]["cells"]
    }


@pytest.mark.usefixtures("demo")
async def test_governance_profiles_match_sql_counts(graphql, session, session_factory):
    # when anonymous and an editor ask for every ISCM's profile, of real records and of all
    with_demo = PROFILES.replace("governanceProfile", "governanceProfile(includeSynthetic: true)")
    anonymous = await graphql.data(PROFILES)
    anonymous_with_demo = await graphql.data(with_demo)
    editor = await data_as(session_factory, PROFILES, principal=EDITOR)
    editor_with_demo = await data_as(session_factory, with_demo, principal=EDITOR)

    # then the cells are the counts of real records (drafts only for the editor)
    assert profile_cells(anonymous) == await sql_cells(session, published_only=True)
    assert profile_cells(editor) == await sql_cells(session, published_only=False)
    # and of every record, the demo's too, only when asked for
    assert profile_cells(anonymous_with_demo) == await sql_cells(
        session, published_only=True, synthetic=True
    )
    assert profile_cells(editor_with_demo) == await sql_cells(
        session, published_only=False, synthetic=True
    )
    assert profile_cells(anonymous_with_demo) != profile_cells(anonymous)
    assert profile_cells(anonymous_with_demo) != profile_cells(editor_with_demo)

    # and the per-dimension totals add the cells up, in vocabulary order
    levels = [
        code
        for (code,) in (
            await session.execute(
                select(models.GovernanceLevel.code).order_by(models.GovernanceLevel.position)
            )
        ).all()
    ]
    for edge in anonymous["iscms"]["edges"]:
        profile = edge["node"]["governanceProfile"]
        by_level: Counter[str] = Counter()
        for cell in profile["cells"]:
            by_level[cell["level"]] += cell["recommendationCount"]
        assert {t["level"]: t["recommendationCount"] for t in profile["byLevel"]} == dict(by_level)
        assert [t["level"] for t in profile["byLevel"]] == [c for c in levels if c in by_level]
        assert profile["recommendationCount"] == sum(
            t["recommendationCount"] for t in profile["byPhase"]
        )
        assert profile["contributionCount"] == sum(
            t["contributionCount"] for t in profile["byOutcomeType"]
        )
    bali = next(
        e["node"] for e in anonymous["iscms"]["edges"] if e["node"]["slug"] == "bali-process"
    )
    assert bali["governanceProfile"]["recommendationCount"] > 0


COVERAGE = """
query Coverage($filter: GcmCoverageFilter) {
  gcmCoverage(filter: $filter) {
    objectives { number }
    totals { objectiveNumber recommendationCount contributionCount }
    rows { iscm { slug } recommendationCount contributionCount
           cells { objectiveNumber recommendationCount contributionCount } }
  }
}
"""


async def sql_coverage(session, *, synthetic: bool = False) -> dict:
    """(slug, objective) -> [recommendations, published contributions], counted from the rows
    (a shared recommendation in each of its ISCMs), real ones unless `synthetic`."""
    coverage: dict = defaultdict(lambda: [0, 0])
    links = (
        (models.Recommendation, models.recommendation_gcm_objectives, "recommendation_id"),
        (models.ReviewContribution, models.review_contribution_gcm_objectives, "contribution_id"),
    )
    for position, (model, link, owner) in enumerate(links):
        iscms = await iscms_of_records(session, model)
        objectives = defaultdict(list)
        for record, number in (
            await session.execute(select(link.c[owner], link.c.objective_number))
        ).all():
            objectives[record].append(number)
        for record in await counted_records(
            session, model, published_only=True, synthetic=synthetic
        ):
            for slug in iscms.get(record.id, ()):
                for number in objectives[record.id]:
                    coverage[(slug, number)][position] += 1
    return dict(coverage)


@pytest.mark.usefixtures("demo")
async def test_gcm_coverage_matches_sql_counts_in_few_statements(graphql, session, statements):
    expected = await sql_coverage(session)

    statements.reset()
    data = (await graphql.data(COVERAGE))["gcmCoverage"]
    select_count = sum(1 for s in statements.statements if s.lstrip().upper().startswith("SELECT"))

    # the ISCMs, the grouped counts and the objective titles: never one per cell
    assert select_count <= 3
    assert [o["number"] for o in data["objectives"]] == list(range(1, 24))
    assert len(data["rows"]) == 34
    slugs = [row["iscm"]["slug"] for row in data["rows"]]
    assert len(set(slugs)) == 34
    seen = {}
    for row in data["rows"]:
        assert [c["objectiveNumber"] for c in row["cells"]] == list(range(1, 24))
        for cell in row["cells"]:
            counts = [cell["recommendationCount"], cell["contributionCount"]]
            if counts != [0, 0]:
                seen[(row["iscm"]["slug"], cell["objectiveNumber"])] = counts
        assert row["recommendationCount"] == sum(c["recommendationCount"] for c in row["cells"])
    assert seen == expected
    for total in data["totals"]:
        number = total["objectiveNumber"]
        assert total["recommendationCount"] == sum(
            counts[0] for (_, n), counts in expected.items() if n == number
        )


async def test_gcm_coverage_filters(graphql):
    rcps = (await graphql.data(COVERAGE, {"filter": {"kind": "RCP"}}))["gcmCoverage"]["rows"]
    assert len(rcps) == 17
    chosen = (
        await graphql.data(
            COVERAGE, {"filter": {"iscms": ["prague-process", "bali-process"], "region": "Asia"}}
        )
    )["gcmCoverage"]["rows"]
    assert [row["iscm"]["slug"] for row in chosen] == ["bali-process", "prague-process"]
    errors = await graphql.errors(COVERAGE, {"filter": {"iscms": ["bali-process", "atlantis"]}})
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "filter.iscms"}
    errors = await graphql.errors(COVERAGE, {"filter": {"region": "Atlantis"}})
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "filter.region"}


OVERLAP = """
query Overlap($iso3: String!, $first: Int) {
  memberState(iso3: $iso3) {
    overlap(first: $first) { state { iso3 name } sharedIscmCount sharedIscms { slug name } }
  }
}
"""


async def expected_overlap(session, iso3: str) -> list[tuple[str, int, list[str]]]:
    """Rank the States sharing member ISCMs with `iso3`, computed in Python from the rows."""
    rows = (
        await session.execute(
            select(models.IscmMembership.iscm_id, models.IscmMembership.state_iso3).where(
                models.IscmMembership.role == "MEMBER"
            )
        )
    ).all()
    names = dict(
        (await session.execute(select(models.MemberState.iso3, models.MemberState.name))).all()
    )
    iscm_names = dict((await session.execute(select(models.Iscm.id, models.Iscm.name))).all())
    own = {iscm for iscm, state in rows if state == iso3}
    shared: dict[str, list[str]] = defaultdict(list)
    for iscm, state in rows:
        if iscm in own and state != iso3:
            shared[state].append(iscm_names[iscm])
    ranked = sorted(shared.items(), key=lambda item: (-len(item[1]), names[item[0]]))
    return [(state, len(iscms), sorted(iscms)) for state, iscms in ranked]


async def test_overlap_ranks_states_by_shared_memberships(graphql, session):
    expected = await expected_overlap(session, "PHL")
    data = await graphql.data(OVERLAP, {"iso3": "PHL", "first": 15})
    overlap = data["memberState"]["overlap"]
    assert [
        (o["state"]["iso3"], o["sharedIscmCount"], [i["name"] for i in o["sharedIscms"]])
        for o in overlap
    ] == expected[:15]
    assert overlap[0]["sharedIscmCount"] >= overlap[-1]["sharedIscmCount"] > 0
    assert "PHL" not in [o["state"]["iso3"] for o in overlap]


async def test_overlap_batches_across_states_and_checks_its_size(graphql, session, statements):
    statements.reset()
    data = await graphql.data(
        '{ memberStates(first: 30, filter: {region: "Asia"}) { edges { node { iso3 overlap(first: 3) { state { iso3 } sharedIscms { slug } } } } } }'
    )
    selects = [s for s in statements.statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 5
    for edge in data["memberStates"]["edges"]:
        expected = await expected_overlap(session, edge["node"]["iso3"])
        assert [o["state"]["iso3"] for o in edge["node"]["overlap"]] == [e[0] for e in expected[:3]]
    default = await graphql.data(OVERLAP, {"iso3": "MEX"})
    assert len(default["memberState"]["overlap"]) == 10
    none = await graphql.data(OVERLAP, {"iso3": "MEX", "first": 0})
    assert none["memberState"]["overlap"] == []
    territory = await graphql.data(OVERLAP, {"iso3": "ATA"})
    assert territory["memberState"]["overlap"] == []
    errors = await graphql.errors(OVERLAP, {"iso3": "MEX", "first": 500})
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "first"}


@pytest.mark.usefixtures("demo")
async def test_iscm_objectives_with_counts(graphql, session):
    expected = {
        number: counts
        for (slug, number), counts in (await sql_coverage(session)).items()
        if slug == "bali-process"
    }
    data = await graphql.data(
        '{ iscm(slug: "bali-process") { gcmObjectives { objective { number shortName } recommendationCount contributionCount } } }'
    )
    got = data["iscm"]["gcmObjectives"]
    assert [g["objective"]["number"] for g in got] == sorted(expected)
    assert {
        g["objective"]["number"]: [g["recommendationCount"], g["contributionCount"]] for g in got
    } == expected
    assert all(g["objective"]["shortName"] for g in got)
