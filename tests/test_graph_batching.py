"""No N+1: a deep catalogue query is one statement, at 1x and at 10x the data."""

from sqlalchemy import insert, select

from db import models
from tests.graph_support import demo  # noqa: F401 - fixture

CATALOGUE_PAGE = """
query CataloguePage {
  iscms(first: 40) {
    totalCount
    edges { node {
      slug
      members { iso3 }
      observers { iso3 }
      thematicAreas { slug }
      gcmObjectives { objective { number } recommendationCount contributionCount }
      governanceProfile { recommendationCount cells { level phase outcomeType recommendationCount } }
      recommendations(first: 5) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { title iscm { slug } thematicAreas { slug } gcmObjectives { number } sdgTargets { code } } }
      }
      reviewContributions(first: 5) {
        totalCount
        edges { node { title reviewProcess { slug } gcmObjectives { number } } }
      }
      events(first: 3) { totalCount edges { node { slug } } }
    } }
  }
}
"""


async def multiply_review_data(session, factor: int) -> None:
    """Give every ISCM `factor` times its recommendations, contributions and members."""
    recommendations = (await session.execute(select(models.Recommendation))).scalars().all()
    themes = (await session.execute(select(models.recommendation_thematic_areas))).all()
    objectives = (await session.execute(select(models.recommendation_gcm_objectives))).all()
    for copy in range(1, factor):
        new_ids = (
            (
                await session.execute(
                    insert(models.Recommendation).returning(
                        models.Recommendation.id, sort_by_parameter_order=True
                    ),
                    [
                        {
                            "iscm_id": r.iscm_id,
                            "title": f"{r.title} (copy {copy})",
                            "text": r.text,
                            "adopted_on": r.adopted_on,
                            "level": r.level,
                            "phase": r.phase,
                            "outcome_type": r.outcome_type,
                            "synthetic": True,
                        }
                        for r in recommendations
                    ],
                )
            )
            .scalars()
            .all()
        )
        copy_of = dict(zip((r.id for r in recommendations), new_ids, strict=True))
        await session.execute(
            insert(models.recommendation_thematic_areas),
            [
                {
                    "recommendation_id": copy_of[t.recommendation_id],
                    "thematic_area_slug": t.thematic_area_slug,
                }
                for t in themes
            ],
        )
        await session.execute(
            insert(models.recommendation_gcm_objectives),
            [
                {
                    "recommendation_id": copy_of[o.recommendation_id],
                    "objective_number": o.objective_number,
                }
                for o in objectives
            ],
        )
    contributions = (await session.execute(select(models.ReviewContribution))).scalars().all()
    links = (await session.execute(select(models.review_contribution_gcm_objectives))).all()
    for copy in range(1, factor):
        new_ids = (
            (
                await session.execute(
                    insert(models.ReviewContribution).returning(
                        models.ReviewContribution.id, sort_by_parameter_order=True
                    ),
                    [
                        {
                            "iscm_id": c.iscm_id,
                            "review_process_id": c.review_process_id,
                            "title": f"{c.title} (copy {copy})",
                            "summary": c.summary,
                            "level": c.level,
                            "phase": c.phase,
                            "outcome_type": c.outcome_type,
                            "status": c.status,
                            "submitted_at": c.submitted_at,
                            "published_at": c.published_at,
                            "synthetic": True,
                        }
                        for c in contributions
                    ],
                )
            )
            .scalars()
            .all()
        )
        copy_of = dict(zip((c.id for c in contributions), new_ids, strict=True))
        await session.execute(
            insert(models.review_contribution_gcm_objectives),
            [
                {
                    "contribution_id": copy_of[link.contribution_id],
                    "objective_number": link.objective_number,
                }
                for link in links
            ],
        )
    states = (
        (
            await session.execute(
                select(models.MemberState.iso3)
                .where(models.MemberState.un_status != models.TERRITORY)  # cite no source
                .order_by(models.MemberState.iso3)
            )
        )
        .scalars()
        .all()
    )
    memberships = (
        await session.execute(
            select(models.IscmMembership.iscm_id, models.IscmMembership.state_iso3)
        )
    ).all()
    taken: dict[int, set[str]] = {}
    for iscm, state in memberships:
        taken.setdefault(iscm, set()).add(state)
    iscm_ids = (await session.execute(select(models.Iscm.id))).scalars().all()
    new_memberships: list[dict] = []
    for iscm in iscm_ids:
        have = taken.get(iscm, set())
        wanted = max(len(have) * (factor - 1), factor)  # global processes list none: give them some
        free = [state for state in states if state not in have][:wanted]
        new_memberships.extend({"iscm_id": iscm, "state_iso3": s, "role": "MEMBER"} for s in free)
    await session.execute(insert(models.IscmMembership), new_memberships)
    await session.flush()


async def test_statement_count_does_not_grow_with_the_data(graphql, demo, session, statements):  # noqa: F811
    # given the demo data (1x)
    recommendations_before = len((await session.execute(select(models.Recommendation.id))).all())
    statements.reset()
    first = await graphql.data(CATALOGUE_PAGE)
    at_1x = statements.count

    # when every ISCM gets ten times the recommendations, contributions and members
    await multiply_review_data(session, factor=10)
    recommendations_after = len((await session.execute(select(models.Recommendation.id))).all())
    statements.reset()
    second = await graphql.data(CATALOGUE_PAGE)
    at_10x = statements.count

    # then the data grew tenfold, the statements did not
    assert recommendations_after == 10 * recommendations_before
    nodes_1x = {e["node"]["slug"]: e["node"] for e in first["iscms"]["edges"]}
    nodes_10x = {e["node"]["slug"]: e["node"] for e in second["iscms"]["edges"]}
    bali_1x, bali_10x = nodes_1x["bali-process"], nodes_10x["bali-process"]
    assert (
        bali_10x["recommendations"]["totalCount"] == 10 * bali_1x["recommendations"]["totalCount"]
    )
    assert (
        bali_10x["reviewContributions"]["totalCount"]
        == 10 * bali_1x["reviewContributions"]["totalCount"]
    )
    assert len(bali_10x["members"]) > 5 * len(bali_1x["members"])
    assert sum(len(n["members"]) for n in nodes_10x.values()) > 5 * sum(
        len(n["members"]) for n in nodes_1x.values()
    )
    assert at_10x == at_1x
    # one statement for the whole page (the test transaction's savepoints aside)
    assert len([s for s in statements.statements if "SAVEPOINT" not in s]) == 1
