"""Demo data: plausible, flagged synthetic, never mixed into the real records."""

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from db import models
from db.demo_data import SYNTHETIC_PREFIX, fitting_commissions, insert_demo_rows
from db.seed_loading import load_seed_file

NONE_WORD = re.compile(r"\bNone\b")
COMMISSIONS = load_seed_file("reference.json")["regional_commissions"]


async def count(session, model, *where) -> int:
    return (
        await session.execute(select(func.count()).select_from(model).where(*where))
    ).scalar_one()


async def commissions_of(session) -> dict[str, frozenset[str]]:
    """Each ISCM's fitting regional commissions, from its member States."""
    state, membership = models.MemberState, models.IscmMembership
    rows = (
        await session.execute(
            select(
                models.Iscm.slug,
                state.iso3,
                state.region,
                state.subregion,
                state.intermediate_region,
            )
            .join(membership, membership.iscm_id == models.Iscm.id)
            .join(state, state.iso3 == membership.state_iso3)
            .where(membership.role == "MEMBER")
        )
    ).all()
    slugs = (await session.execute(select(models.Iscm.slug))).scalars()
    return {
        slug: fitting_commissions([row for row in rows if row.slug == slug], COMMISSIONS)
        for slug in slugs
    }


@pytest.fixture
async def demo(session) -> list[str]:
    return await insert_demo_rows(session)


async def test_demo_data_is_flagged_loaded_once_and_leaves_real_records_alone(session):
    real = [
        await count(session, models.Recommendation, ~models.Recommendation.synthetic),
        await count(session, models.ReviewContribution, ~models.ReviewContribution.synthetic),
    ]
    first = await insert_demo_rows(session)
    second = await insert_demo_rows(session)
    assert "added" in first[0]
    assert "already loaded" in second[0]
    assert real == [
        await count(session, models.Recommendation, ~models.Recommendation.synthetic),
        await count(session, models.ReviewContribution, ~models.ReviewContribution.synthetic),
    ]
    assert real[0] == 135  # the real outcomes, none of them synthetic
    assert await count(session, models.Recommendation, models.Recommendation.synthetic) > 0
    assert await count(session, models.ReviewContribution, models.ReviewContribution.synthetic) > 0


async def test_every_synthetic_recommendation_is_plausible(session, demo):
    rows = (
        await session.execute(
            select(models.Recommendation, models.Iscm)
            .join(models.Iscm, models.Iscm.id == models.Recommendation.iscm_id)
            .where(models.Recommendation.synthetic)
        )
    ).all()
    assert rows
    today = datetime.now(UTC).date()
    for recommendation, iscm in rows:
        assert iscm.status == "ACTIVE", iscm.slug
        assert date(iscm.established + 1, 1, 1) <= recommendation.adopted_on <= today, iscm.slug
        assert recommendation.title.startswith(SYNTHETIC_PREFIX)
        for text in (recommendation.title, recommendation.text):
            assert not NONE_WORD.search(text), text
    with_demo = {iscm.slug for _, iscm in rows}
    assert {
        "midcas",
        "acp-eu-dialogue-on-migration-and-development",
        "asia-pacific-consultations",
    }.isdisjoint(with_demo)


async def test_every_synthetic_contribution_goes_to_its_regions_review(session, demo):
    rows = (
        await session.execute(
            select(models.ReviewContribution, models.Iscm, models.ReviewProcess)
            .join(models.Iscm, models.Iscm.id == models.ReviewContribution.iscm_id)
            .join(
                models.ReviewProcess,
                models.ReviewProcess.id == models.ReviewContribution.review_process_id,
            )
            .where(models.ReviewContribution.synthetic)
        )
    ).all()
    assert rows
    fitting = await commissions_of(session)
    regional = 0
    for contribution, iscm, process in rows:
        assert iscm.status == "ACTIVE", iscm.slug
        founded = date(iscm.established + 1, 1, 1)
        assert process.opens_on >= founded, (iscm.slug, process.slug)
        for moment in (contribution.submitted_at, contribution.published_at):
            assert moment is None or moment.date() >= founded
        if process.kind == "REGIONAL":
            regional += 1
            assert process.regional_commission in fitting[iscm.slug], (iscm.slug, process.slug)
        assert contribution.title.startswith(SYNTHETIC_PREFIX)
        for text in (
            contribution.title,
            contribution.summary,
            contribution.practices,
            contribution.challenges,
            contribution.submitted_by,
        ):
            assert text is None or not NONE_WORD.search(text), text
    assert regional > 0


async def test_an_iscms_regional_reviews_follow_its_members(session):
    fitting = await commissions_of(session)
    assert fitting["colombo-process"] == {"ESCAP"}
    assert fitting["regional-conference-on-migration"] == {"ECLAC"}
    assert fitting["rabat-process"] == {"ECA", "ECE"}
    assert fitting["khartoum-process"] == {"ECA", "ECE"}
    assert fitting["abu-dhabi-dialogue"] == {"ESCAP", "ESCWA"}
    assert fitting["almaty-process"] == {"ECE", "ESCAP"}
    assert fitting["global-forum-on-migration-and-development"] == set()
