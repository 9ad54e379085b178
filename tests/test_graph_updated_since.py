"""`updatedSince` on every root list, kept true by writes and by the seed loader, and the
governance filters of recommendations and review contributions."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import Table, func, insert, select, update

from db import models
from db.reference_data import load_reference_data
from tests.graph_support import (
    ADMIN,
    EDITOR,
    add_contribution,
    data_as,
    execute_as,
    iscm_id,
    review_process_id,
)

# Each root list, the table it reads and the column that names one of its rows.
ROOT_LISTS = {
    "iscms": (models.Iscm, "slug"),
    "memberStates": (models.MemberState, "iso3"),
    "recommendations": (models.Recommendation, "title"),
    "reviewContributions": (models.ReviewContribution, "title"),
    "reviewProcesses": (models.ReviewProcess, "slug"),
    "events": (models.Event, "slug"),
    "documents": (models.Document, "title"),
    "thematicAreas": (models.ThematicArea, "slug"),
    "sdgTargets": (models.SdgTarget, "code"),
}
LATER = datetime(2031, 1, 1, tzinfo=UTC)


def since_query(field: str, key: str) -> str:
    return (
        f"query($since: DateTime) {{ {field}(first: 100, filter: {{updatedSince: $since}}) "
        f"{{ totalCount edges {{ node {{ {key} updatedAt }} }} }} }}"
    )


@pytest.fixture
async def published_contribution(session):
    bali = await iscm_id(session, "bali-process")
    imrf = await review_process_id(session, "imrf-2026")
    return await add_contribution(session, iscm=bali, process=imrf, title="Bali published")


async def test_every_root_list_keeps_what_changed_since(
    session_factory, session, published_contribution
):
    for field, (model, key) in ROOT_LISTS.items():
        # given one row of the list changed later than every other
        column = getattr(model, key)
        first = await session.scalar(
            select(column).where(*visible(model)).order_by(column).limit(1)
        )
        await session.execute(update(model).where(column == first).values(updated_at=LATER))
        await session.flush()
        query = since_query(field, key)

        # when the list is read since just before, since long ago, and without the filter
        recent = await data_as(session_factory, query, {"since": "2030-12-31T23:59:59Z"})
        everything = await data_as(session_factory, query, {"since": "2000-01-01T00:00:00Z"})
        unfiltered = await data_as(session_factory, query, {"since": None})

        # then only that row changed since, and every row changed since long ago
        assert [edge["node"][key] for edge in recent[field]["edges"]] == [first], field
        assert recent[field]["edges"][0]["node"]["updatedAt"] == LATER.isoformat(), field
        assert everything[field]["totalCount"] == unfiltered[field]["totalCount"] > 0, field
        # at the very instant it changed it is still listed; a moment later it is not
        at = await data_as(session_factory, query, {"since": "2031-01-01T00:00:00+00:00"})
        after = await data_as(session_factory, query, {"since": "2031-01-01T00:00:01Z"})
        assert at[field]["totalCount"] == 1, field
        assert after[field]["totalCount"] == 0, field


def visible(model):
    """What an anonymous reader sees of a table (published, not removed)."""
    if model in (models.Recommendation, models.ReviewContribution):
        return (model.status == "PUBLISHED", model.deleted_at.is_(None))
    if model is models.MemberState:
        return (model.un_status != models.TERRITORY,)
    return ()


async def test_a_time_without_offset_is_utc(session_factory, session):
    await session.execute(
        update(models.Iscm).where(models.Iscm.slug == "bali-process").values(updated_at=LATER)
    )
    query = since_query("iscms", "slug")

    naive = await data_as(session_factory, query, {"since": "2031-01-01T00:00:00"})
    east = await data_as(session_factory, query, {"since": "2031-01-01T00:30:00+01:00"})

    assert naive["iscms"]["totalCount"] == 1
    assert east["iscms"]["totalCount"] == 1  # 23:30 UTC the day before


async def test_a_malformed_time_is_refused(graphql):
    [error] = await graphql.errors('{ iscms(filter: {updatedSince: "yesterday"}) { totalCount } }')

    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_the_audit_log_keeps_the_events_recorded_since(session_factory, session):
    await session.execute(
        insert(models.AuditEvent).values(
            occurred_at=LATER, actor="key:test", action="UPDATED", entity="iscm", entity_id="x"
        )
    )
    query = """query($since: DateTime) { auditEvents(filter: {updatedSince: $since}) {
        totalCount edges { node { entityId occurredAt } } } }"""

    data = await data_as(session_factory, query, {"since": "2030-12-31T00:00:00Z"}, ADMIN)

    assert data["auditEvents"]["totalCount"] == 1
    assert data["auditEvents"]["edges"][0]["node"]["entityId"] == "x"


async def test_a_write_through_the_api_moves_updated_at(session_factory, session):
    # given the time the test's transaction started, after the seed was loaded
    started = await session.scalar(select(func.now()))
    query = since_query("iscms", "slug")
    before = await data_as(session_factory, query, {"since": started.isoformat()})
    assert before["iscms"]["totalCount"] == 0

    # when an editor changes one ISCM
    result = await execute_as(
        session_factory,
        """mutation { updateIscm(slug: "bali-process", expectedVersion: 1,
            input: {website: "https://www.baliprocess.net/"},
            source: "https://www.baliprocess.net/") { errors { code } } }""",
        principal=EDITOR,
    )
    assert result.errors is None, result.errors
    assert result.data["updateIscm"]["errors"] == []

    # then it is what changed since
    after = await data_as(session_factory, query, {"since": started.isoformat()})
    assert [edge["node"]["slug"] for edge in after["iscms"]["edges"]] == ["bali-process"]


async def test_the_seed_loader_moves_updated_at_only_for_what_it_changes(session):
    # given a State's name changed by hand, long ago, and every other State unchanged since
    await session.execute(
        update(models.MemberState)
        .where(models.MemberState.iso3 == "VNM")
        .values(name="Vietnam", updated_at=datetime(2020, 1, 1, tzinfo=UTC))
    )
    await session.execute(
        update(models.MemberState)
        .where(models.MemberState.iso3 == "PHL")
        .values(updated_at=datetime(2020, 1, 1, tzinfo=UTC))
    )
    started = await session.scalar(select(func.now()))

    # when the seed is loaded again
    await load_reference_data(session)

    # then the State it corrected changed now, the other did not
    rows = dict(
        (
            await session.execute(
                select(models.MemberState.iso3, models.MemberState.updated_at).where(
                    models.MemberState.iso3.in_(["VNM", "PHL"])
                )
            )
        ).all()
    )
    assert rows["VNM"] >= started
    assert rows["PHL"] == datetime(2020, 1, 1, tzinfo=UTC)


# --- Recommendations and contributions by governance level, phase, outcome type, dates ---

RECOMMENDATIONS = """query($filter: RecommendationFilter) {
  recommendations(first: 100, filter: $filter) { totalCount edges { node { title } } } }"""
CONTRIBUTIONS = """query($filter: ReviewContributionFilter) {
  reviewContributions(first: 100, filter: $filter) { totalCount edges { node { title } } } }"""


async def test_recommendations_filter_by_governance_and_dates_like_the_table(graphql, session):
    recommendation = models.Recommendation
    public = (recommendation.status == "PUBLISHED", recommendation.deleted_at.is_(None))
    level, phase, outcome = (
        await session.execute(
            select(recommendation.level, recommendation.phase, recommendation.outcome_type)
            .where(*public, recommendation.level.is_not(None), recommendation.phase.is_not(None))
            .limit(1)
        )
    ).one()
    cases = [
        ({"level": level}, recommendation.level == level),
        ({"phase": phase}, recommendation.phase == phase),
        ({"outcomeType": outcome}, recommendation.outcome_type == outcome),
        (
            {"adoptedFrom": "2015-01-01", "adoptedTo": "2019-12-31"},
            recommendation.adopted_on.between(datetime(2015, 1, 1), datetime(2019, 12, 31)),
        ),
        ({"synthetic": False}, recommendation.synthetic.is_(False)),
        ({"synthetic": True}, recommendation.synthetic.is_(True)),
        (
            {"level": level, "phase": phase, "synthetic": False},
            (recommendation.level == level)
            & (recommendation.phase == phase)
            & recommendation.synthetic.is_(False),
        ),
    ]
    for given, condition in cases:
        expected = await session.scalar(select(func.count()).where(*public, condition))
        data = await graphql.data(RECOMMENDATIONS, {"filter": given})
        assert data["recommendations"]["totalCount"] == expected, given
    assert (await graphql.data(RECOMMENDATIONS, {"filter": {"level": level}}))["recommendations"][
        "totalCount"
    ] > 0


@pytest.fixture
async def classified_contributions(session):
    bali = await iscm_id(session, "bali-process")
    imrf = await review_process_id(session, "imrf-2026")
    ids = {}
    for title, level, phase, outcome, day in (
        ("national", "NATIONAL", "AGENDA_SETTING", "FORUM_FOR_DIALOGUE", "2025-03-01"),
        ("regional", "REGIONAL", "POLICY_CHANGE", "CAPACITY_BUILDING", "2025-06-15"),
        ("global", "GLOBAL", "POLICY_CHANGE", "FORUM_FOR_DIALOGUE", "2026-01-10"),
    ):
        ids[title] = await add_contribution(
            session,
            iscm=bali,
            process=imrf,
            title=title,
            level=level,
            phase=phase,
            outcome_type=outcome,
        )
        await session.execute(
            update(models.ReviewContribution)
            .where(models.ReviewContribution.id == ids[title])
            .values(submitted_at=datetime.fromisoformat(f"{day}T23:30:00+00:00"))
        )
    await session.execute(
        update(models.ReviewContribution)
        .where(models.ReviewContribution.id == ids["global"])
        .values(synthetic=False)
    )
    await add_contribution(session, iscm=bali, process=imrf, title="draft", status="DRAFT")
    return ids


async def test_contributions_filter_by_governance_dates_and_synthetic(
    graphql, classified_contributions
):
    def titles(data):
        return {edge["node"]["title"] for edge in data["reviewContributions"]["edges"]}

    cases = [
        ({"level": "REGIONAL"}, {"regional"}),
        ({"phase": "POLICY_CHANGE"}, {"regional", "global"}),
        ({"outcomeType": "FORUM_FOR_DIALOGUE"}, {"national", "global"}),
        ({"submittedFrom": "2025-06-15"}, {"regional", "global"}),
        ({"submittedTo": "2025-06-15"}, {"national", "regional"}),  # 23:30 UTC is that day
        ({"submittedFrom": "2025-03-02", "submittedTo": "2025-12-31"}, {"regional"}),
        ({"synthetic": False}, {"global"}),
        ({"synthetic": True, "phase": "POLICY_CHANGE"}, {"regional"}),
        ({"level": "NATIONAL", "phase": "POLICY_CHANGE"}, set()),
    ]
    for given, expected in cases:
        assert titles(await graphql.data(CONTRIBUTIONS, {"filter": given})) == expected, given


async def test_the_same_filters_apply_to_nested_lists(graphql, classified_contributions):
    data = await graphql.data(
        """{ iscm(slug: "bali-process") {
             reviewContributions(first: 10, filter: {level: REGIONAL}) { edges { node { title } } } } }"""
    )

    assert [e["node"]["title"] for e in data["iscm"]["reviewContributions"]["edges"]] == [
        "regional"
    ]


@pytest.mark.parametrize(
    ("query", "given", "argument"),
    [
        (
            CONTRIBUTIONS,
            {"submittedFrom": "2026-01-01", "submittedTo": "2025-01-01"},
            "submittedFrom",
        ),
        (RECOMMENDATIONS, {"adoptedFrom": "2026-01-01", "adoptedTo": "2025-01-01"}, "adoptedFrom"),
    ],
)
async def test_a_range_ending_before_it_starts_is_refused(graphql, query, given, argument):
    [error] = await graphql.errors(query, {"filter": given})

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert f"filter.{argument}" in error["message"]


async def test_a_bad_level_is_refused_before_anything_runs(graphql, statements):
    statements.reset()

    [error] = await graphql.errors(CONTRIBUTIONS, {"filter": {"level": "SIDEWAYS"}})

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert statements.count == 0


async def test_filtered_lists_are_one_statement(graphql, statements, classified_contributions):
    statements.reset()

    await graphql.data(
        """{ reviewContributions(first: 5, filter: {level: REGIONAL, submittedFrom: "2025-01-01",
               synthetic: true, updatedSince: "2000-01-01T00:00:00Z"}) { totalCount }
             recommendations(first: 5, filter: {phase: POLICY_CHANGE, synthetic: false,
               updatedSince: "2000-01-01T00:00:00Z"}) { totalCount } }"""
    )

    assert statements.count == 1


async def test_a_link_the_seed_loader_restores_moves_its_owners_updated_at(session):
    # given a seeded recommendation that lost one of its GCM objectives, unchanged since 2020
    link = models.recommendation_gcm_objectives
    recommendation_id, objective = (
        await session.execute(
            select(link.c.recommendation_id, link.c.objective_number)
            .join(models.Recommendation)
            .where(models.Recommendation.slug.is_not(None))
            .limit(1)
        )
    ).one()
    await session.execute(
        link.delete().where(
            link.c.recommendation_id == recommendation_id, link.c.objective_number == objective
        )
    )
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    await session.execute(update(models.Recommendation).values(updated_at=long_ago))
    started = await session.scalar(select(func.now()))

    # when the seed is loaded again
    await load_reference_data(session)

    # then the link is back and the recommendation counts as changed now; no other one does
    changed = (
        (
            await session.execute(
                select(models.Recommendation.id).where(models.Recommendation.updated_at >= started)
            )
        )
        .scalars()
        .all()
    )
    assert changed == [recommendation_id]


async def test_editors_export_the_records_removed_since(session_factory, session):
    # given a published recommendation an editor removes after the last export
    started = await session.scalar(select(func.now()))
    listing = await data_as(
        session_factory, "{ recommendations(first: 1) { edges { node { id } } } }"
    )
    [edge] = listing["recommendations"]["edges"]
    removed = await execute_as(
        session_factory,
        'mutation($id: ID!) { removeRecommendation(id: $id, reason: "duplicate") { errors { code } } }',
        {"id": edge["node"]["id"]},
        principal=EDITOR,
    )
    assert removed.errors is None, removed.errors
    assert removed.data["removeRecommendation"]["errors"] == []
    query = """query($since: DateTime, $removed: Boolean!) {
      recommendations(filter: {updatedSince: $since, removed: $removed}) { edges { node { id } } } }"""

    # when the recommendations removed since are listed, and those changed since
    gone = await data_as(
        session_factory, query, {"since": started.isoformat(), "removed": True}, EDITOR
    )
    changed = await data_as(
        session_factory, query, {"since": started.isoformat(), "removed": False}, EDITOR
    )

    # then the removed one is among the first and not among the second
    assert [e["node"]["id"] for e in gone["recommendations"]["edges"]] == [edge["node"]["id"]]
    assert changed["recommendations"]["edges"] == []


async def test_a_membership_the_seed_loader_restores_moves_its_iscms_updated_at(session):
    # given an ISCM (never edited through the API) that lost a member, unchanged since 2020
    membership = models.IscmMembership
    bali = await iscm_id(session, "bali-process")
    table = membership.__table__
    assert isinstance(table, Table)
    await session.execute(
        table.delete().where(membership.iscm_id == bali, membership.state_iso3 == "PHL")
    )
    await session.execute(update(models.Iscm).values(updated_at=datetime(2020, 1, 1, tzinfo=UTC)))
    started = await session.scalar(select(func.now()))

    # when the seed is loaded again
    await load_reference_data(session)

    # then the member is back and only that ISCM counts as changed
    changed = (
        await session.scalars(select(models.Iscm.slug).where(models.Iscm.updated_at >= started))
    ).all()
    assert changed == ["bali-process"]
    assert (
        await session.scalar(
            select(membership.role).where(
                membership.iscm_id == bali, membership.state_iso3 == "PHL"
            )
        )
        == "MEMBER"
    )
