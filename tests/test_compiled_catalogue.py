"""The catalogue page (benchmark query (b)) compiles to one statement answering what the loaders do.

Members, thematic areas and GCM objective counts, whose contribution counts depend on who
asks: the reference path and the compiled statement must agree for every kind of caller.
"""

from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from db import models
from tests.graph_support import add_recommendation
from tests.test_compiled import (
    both_paths,
    compare_random_operations,
    compiled_statements,
    operations,
    page_operations,
    pages,
    same_json,
)
from tests.test_compiled_contributions import contribution_pages, contributions, headers_of

__all__ = ["contributions", "pages"]  # fixtures, used by name

EXAMPLES_PER_PRINCIPAL = 30
CATALOGUE_PAGE_QUERY = (
    Path(__file__).parent.parent / "bench" / "queries" / "catalogue_page.graphql"
).read_text()
PRINCIPALS = ["anonymous", "partner", "editor"]


@pytest.fixture
async def catalogue(session, contributions) -> tuple[str, list[str], list[str]]:
    """Themes and objectives on five ISCMs (linked, via recommendations, both).

    On top of `contributions`' twelve contributions, in every status, on three of them.
    Returns the partner's slug, the five ISCMs' slugs and contribution cursors.
    """
    partner_slug, cursors = contributions
    themes = list(
        (
            await session.execute(
                select(models.ThematicArea.slug).order_by(models.ThematicArea.slug)
            )
        ).scalars()
    )
    assert len(themes) >= 4, "the reference data has thematic areas"
    iscms = (
        await session.execute(
            select(models.Iscm.id, models.Iscm.slug).order_by(models.Iscm.slug).limit(5)
        )
    ).all()
    for n, (iscm, _) in enumerate(iscms):
        linked = themes[n % 3 : n % 3 + 2]
        if n % 2 == 0:
            await session.execute(
                insert(models.iscm_thematic_areas),
                [{"iscm_id": iscm, "thematic_area_slug": slug} for slug in linked],
            )
        for k in range(n % 3 + 1):
            await add_recommendation(
                session,
                iscm=iscm,
                title=f"Catalogue recommendation {n}.{k}",
                objectives=tuple(o for o in (1, 7, 23, 12) if (n + k + o) % 3)[: k + 1],
                themes=tuple(dict.fromkeys([themes[(n + k) % len(themes)], *linked[:1]])),
            )
    return partner_slug, [slug for _, slug in iscms], cursors


@pytest.mark.parametrize("principal", PRINCIPALS)
async def test_random_catalogue_pages_answer_what_the_loaders_answer(
    principal, client, session, catalogue, pages, statements
):
    # given a caller, and contributions in every status on three ISCMs (one the partner's)
    partner_slug, slugs, cursors = catalogue
    headers = await headers_of(principal, session, partner_slug)

    # when random operations over members, themes and objective counts run on both paths:
    # `iscms` pages (lists built for the page), `iscm(slug:)` and contributions' `iscm`
    # (lists built for one ISCM)
    await compare_random_operations(
        (page_operations(*pages) | operations(slugs) | contribution_pages(cursors)),
        EXAMPLES_PER_PRINCIPAL,
        client,
        headers,
        statements,
    )


@pytest.mark.parametrize("principal", PRINCIPALS)
async def test_the_benchmark_catalogue_page_is_one_statement(
    principal, client, session, catalogue, statements
):
    # given a caller
    headers = await headers_of(principal, session, catalogue[0])

    # when query (b) runs on both paths
    fast, reference = await both_paths(client, {"query": CATALOGUE_PAGE_QUERY}, headers, statements)

    # then one statement answered it (savepoints and the caller's key lookup aside), with the
    # loaders' bytes
    data_statements = [
        s for s in statements.statements if "SAVEPOINT" not in s and "FROM api_keys" not in s
    ]
    assert len(data_statements) == 1, statements.statements
    assert "json_build_object" in data_statements[0]
    assert same_json(fast, reference)
    edges = fast.json()["data"]["iscms"]["edges"]
    assert len(edges) == min(50, fast.json()["data"]["iscms"]["totalCount"])
    assert any(edge["node"]["members"] for edge in edges)
    assert any(edge["node"]["thematicAreas"] for edge in edges)


@pytest.mark.parametrize("principal", PRINCIPALS)
async def test_contribution_counts_follow_who_asks(
    principal, client, session, catalogue, statements
):
    # given contributions in every status, and each one's ISCM and number of objective links
    partner_slug = catalogue[0]
    headers = await headers_of(principal, session, partner_slug)
    link = models.review_contribution_gcm_objectives
    contribution = models.ReviewContribution
    query = (
        select(contribution.status, models.Iscm.slug, func.count(link.c.objective_number))
        .join(models.Iscm, models.Iscm.id == contribution.iscm_id)
        .join(link, link.c.contribution_id == contribution.id)
        .group_by(contribution.id, models.Iscm.slug)
    )
    links = (await session.execute(query)).all()
    expected = sum(
        count
        for status, slug, count in links
        if principal == "editor"
        or status == "PUBLISHED"
        or (principal == "partner" and slug == partner_slug)
    )
    document = "{ iscms(first: 100) { edges { node { gcmObjectives { contributionCount } } } } }"

    # when the counts are asked on both paths
    fast, reference = await both_paths(client, {"query": document}, headers, statements)

    # then the compiled statement answered, counting the links of visible contributions only
    assert len(compiled_statements(statements)) == 1
    assert same_json(fast, reference)
    counted = sum(
        entry["contributionCount"]
        for edge in fast.json()["data"]["iscms"]["edges"]
        for entry in edge["node"]["gcmObjectives"]
    )
    assert counted == expected
    hidden = sum(count for status, _, count in links if status != "PUBLISHED")
    assert hidden > 0  # the callers' answers really differ
