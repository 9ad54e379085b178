"""The coverage matrix's basis and totals against counts made in Python from the rows, for
each reader class and both `includeSynthetic` choices.

Drafts count only for their ISCM's partners and editors, removed records for nobody, a
shared recommendation in each of its ISCMs' rows and once in the basis, and synthetic
records only when asked for.
"""

from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import insert, select, update

from db import models
from resolvers.principal import ANONYMOUS, Principal
from tests.graph_support import (
    EDITOR,
    add_contribution,
    add_recommendation,
    data_as,
    iscm_id,
    partner_of,
    review_process_id,
)

SCOPE = ["bali-process", "budapest-process"]
COVERAGE = """
query Coverage($synthetic: Boolean!, $iscms: [String!]) {
  gcmCoverage(includeSynthetic: $synthetic, filter: {iscms: $iscms}) {
    basis {
      includesSynthetic iscmCount iscmsWithRecords recommendationCount contributionCount
      editorialCount asPublishedCount unclassifiedCount syntheticCount
    }
    totals { objectiveNumber recommendationCount contributionCount }
    rows { iscm { slug } recommendationCount contributionCount
           cells { objectiveNumber recommendationCount contributionCount } }
  }
}
"""


@pytest.fixture
async def records(session) -> dict[str, int]:
    """Synthetic outcomes of the Bali Process: a draft and a removed recommendation, a draft
    and a removed contribution, a published one of each (the recommendation classified as
    editorial); and a Budapest Process recommendation shared with the Bali Process."""
    bali = await iscm_id(session, "bali-process")
    budapest = await iscm_id(session, "budapest-process")
    process = await review_process_id(session, "imrf-2026")
    removed_at = datetime(2025, 4, 1, tzinfo=UTC)
    recommendation = models.Recommendation
    published = await add_recommendation(session, iscm=bali, title="Public", objectives=(3, 7))
    draft = await add_recommendation(session, iscm=bali, title="Draft", objectives=(3,))
    removed = await add_recommendation(session, iscm=bali, title="Removed", objectives=(7,))
    shared = await add_recommendation(session, iscm=budapest, title="Shared", objectives=(3, 9))
    await session.execute(
        update(recommendation)
        .where(recommendation.id == published)
        .values(classification="EDITORIAL")
    )
    await session.execute(
        update(recommendation)
        .where(recommendation.id == draft)
        .values(status="DRAFT", published_at=None)
    )
    await session.execute(
        update(recommendation).where(recommendation.id == removed).values(deleted_at=removed_at)
    )
    await session.execute(
        insert(models.recommendation_shared_iscms).values(recommendation_id=shared, iscm_id=bali)
    )
    await add_contribution(session, iscm=bali, process=process, title="Public", objectives=(3,))
    await add_contribution(
        session, iscm=bali, process=process, title="Draft", status="DRAFT", objectives=(9,)
    )
    gone = await add_contribution(
        session, iscm=bali, process=process, title="Gone", objectives=(7,)
    )
    await session.execute(
        update(models.ReviewContribution)
        .where(models.ReviewContribution.id == gone)
        .values(deleted_at=removed_at)
    )
    await session.flush()
    return {"bali": bali, "budapest": budapest}


async def expected(
    session: Any, scope: set[int], own: set[int] | None, *, synthetic: bool
) -> dict[str, Any]:
    """The basis and totals counted in Python: what a reader owning `own` (None: everything)
    may see of the ISCMs `scope`."""

    def visible(record: Any) -> bool:
        if record.deleted_at is not None or (record.synthetic and not synthetic):
            return False
        return own is None or record.status == "PUBLISHED" or record.iscm_id in own

    shared = models.recommendation_shared_iscms
    pairs = (await session.execute(select(shared.c.recommendation_id, shared.c.iscm_id))).all()
    iscms_of: dict[tuple[bool, int], set[int]] = {}
    for record_id, iscm in pairs:
        iscms_of.setdefault((True, record_id), set()).add(iscm)
    counted: list[tuple[bool, Any, set[int]]] = []
    for recommended, model in ((True, models.Recommendation), (False, models.ReviewContribution)):
        for record in (await session.execute(select(model))).scalars():
            belongs = ({record.iscm_id} | iscms_of.get((recommended, record.id), set())) & scope
            if belongs and visible(record):
                counted.append((recommended, record, belongs))
    links = {
        True: (models.recommendation_gcm_objectives, "recommendation_id"),
        False: (models.review_contribution_gcm_objectives, "contribution_id"),
    }
    objectives: dict[tuple[bool, int], list[int]] = {}
    for recommended, (table, column) in links.items():
        for record_id, number in (
            await session.execute(select(table.c[column], table.c.objective_number))
        ).all():
            objectives.setdefault((recommended, record_id), []).append(number)
    totals: dict[bool, Counter[int]] = {True: Counter(), False: Counter()}
    for recommended, record, belongs in counted:
        for number in objectives.get((recommended, record.id), []):
            totals[recommended][number] += len(belongs)
    recommendations = [record for recommended, record, _ in counted if recommended]
    return {
        "basis": {
            "includesSynthetic": synthetic,
            "iscmCount": len(scope),
            "iscmsWithRecords": len(set().union(*(belongs for _, _, belongs in counted))),
            "recommendationCount": len(recommendations),
            "contributionCount": len(counted) - len(recommendations),
            "editorialCount": sum(r.classification == "EDITORIAL" for r in recommendations),
            "asPublishedCount": sum(r.classification == "AS_PUBLISHED" for r in recommendations),
            "unclassifiedCount": sum(r.classification is None for r in recommendations),
            "syntheticCount": sum(record.synthetic for _, record, _ in counted),
        },
        "totals": [
            {
                "objectiveNumber": number,
                "recommendationCount": totals[True][number],
                "contributionCount": totals[False][number],
            }
            for number in range(1, 24)
        ],
    }


@pytest.mark.parametrize("synthetic", [True, False])
@pytest.mark.parametrize("who", ["anonymous", "partner", "editor"])
async def test_basis_and_totals_count_what_the_reader_may_see(
    who, synthetic, records, session, session_factory
):
    # given a reader who sees nothing unpublished, the Bali Process's drafts, or every draft
    principal: Principal = {
        "anonymous": ANONYMOUS,
        "partner": partner_of(records["bali"]),
        "editor": EDITOR,
    }[who]
    own = {"anonymous": set(), "partner": {records["bali"]}, "editor": None}[who]

    # when it reads the matrix of the Bali and Budapest Processes
    variables = {"synthetic": synthetic, "iscms": SCOPE}
    data = (await data_as(session_factory, COVERAGE, variables, principal))["gcmCoverage"]

    # then its basis and totals count the records it may see, a shared one once in the basis
    # and in each of its ISCMs' rows
    scope = {records["bali"], records["budapest"]}
    want = await expected(session, scope, own, synthetic=synthetic)
    assert data["basis"] == want["basis"]
    assert data["totals"] == want["totals"]
    for kind in ("recommendationCount", "contributionCount"):
        assert sum(total[kind] for total in data["totals"]) == sum(
            row[kind] for row in data["rows"]
        )
    if synthetic:
        # (the fixture's records count: the shared one in both rows, the drafts for some)
        sees_drafts = who != "anonymous"
        assert data["basis"]["syntheticCount"] == 3 + 2 * sees_drafts
