"""Synthetic recommendations and review contributions, clearly flagged, for exploring the API.

Never loaded unless asked (`iscm-graph seed --demo`). Every row has `synthetic = true`
and a title that says so; the text is generated, not taken from any ISCM. The rows stay
plausible: only active ISCMs get them, dated after the ISCM was established, and a
contribution goes to the IMRF or to the regional review of the ISCM's own region.
"""

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Row, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.seed_loading import load_seed_file
from db.session import create_engine, create_session_factory

SYNTHETIC_PREFIX = "[Synthetic example]"
DEMO_SEED = 2018  # the year the GCM was adopted; fixed so every demo load is the same
LATEST_DATE = date(2025, 6, 30)  # fixed too, and never in the future of a real review
SUBMISSION_DELAY = timedelta(days=30)  # after a review opens
PUBLICATION_DELAY = timedelta(days=14)  # after a contribution is submitted
# A regional review fits an ISCM when at least this share of its member States lies in the
# review's region: Rabat and Khartoum file to Africa's and Europe's, Colombo to Asia-Pacific's.
REGIONAL_SHARE = 1 / 4

ACTIONS = (
    "Strengthen",
    "Establish",
    "Expand",
    "Harmonise",
    "Pilot",
    "Review",
)
SUBJECTS = {
    "irregular-migration": "cooperation on alternatives to irregular migration routes",
    "labour-migration": "bilateral labour mobility agreements with fair recruitment standards",
    "migration-and-development": "channels that lower the cost of sending remittances",
    "drivers-of-migration": "joint analysis of adverse drivers of migration",
    "counter-smuggling": "information sharing against migrant smuggling networks",
    "counter-trafficking": "referral mechanisms for victims of trafficking",
    "return-and-reintegration": "sustainable reintegration support for returning migrants",
    "skills-recognition-and-portability": "mutual recognition of qualifications",
    "border-management": "coordinated border management that respects migrants' rights",
    "migration-and-climate-change": "planning for mobility in the context of disasters",
    "migration-data": "comparable, disaggregated migration statistics",
    "diaspora-engagement": "platforms for diaspora investment and knowledge transfer",
    "migrant-health": "access to health services for migrants regardless of status",
    "migrants-in-crisis": "protection of migrants caught in crises",
    "social-inclusion": "local programmes for migrants' social inclusion",
}
# Which GCM objectives a theme mostly speaks to (A/RES/73/195), for plausible links.
THEME_OBJECTIVES = {
    "irregular-migration": [5, 11],
    "labour-migration": [5, 6],
    "migration-and-development": [19, 20],
    "drivers-of-migration": [2],
    "counter-smuggling": [9],
    "counter-trafficking": [10],
    "return-and-reintegration": [21],
    "skills-recognition-and-portability": [18, 22],
    "border-management": [11],
    "migration-and-climate-change": [2, 5],
    "migration-data": [1, 3],
    "diaspora-engagement": [19],
    "migrant-health": [15],
    "migrants-in-crisis": [7, 8],
    "social-inclusion": [16, 17],
}
THEME_SDG = {
    "labour-migration": "8.8",
    "counter-trafficking": "16.2",
    "migration-and-development": "10.c",
    "migration-data": "17.18",
}


async def load_demo_data(url: str) -> list[str]:
    """Add the synthetic rows unless they are there already; describe what happened."""
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            return await insert_demo_rows(session)
    finally:
        await engine.dispose()


@dataclass(frozen=True)
class DemoIscm:
    """What the demo data needs to know about one active ISCM."""

    id: int
    name: str
    earliest: date  # the first day after the year it was established
    commissions: frozenset[str]  # regional commissions whose review fits it


def commissions_covering(state: Row[Any] | Any, commissions: list[dict[str, Any]]) -> set[str]:
    """Return the codes of the regional commissions whose review region holds `state`."""
    areas = {state.region, state.subregion, state.intermediate_region}
    return {
        commission["code"]
        for commission in commissions
        if areas & set(commission["m49_areas"]) or state.iso3 in commission["states"]
    }


def fitting_commissions(
    members: Iterable[Any], commissions: list[dict[str, Any]]
) -> frozenset[str]:
    """Return the commissions whose region holds at least REGIONAL_SHARE of the members."""
    covered = [commissions_covering(state, commissions) for state in members]
    if not covered:
        return frozenset()
    return frozenset(
        commission["code"]
        for commission in commissions
        if sum(commission["code"] in codes for codes in covered) >= REGIONAL_SHARE * len(covered)
    )


async def demo_iscms(session: AsyncSession) -> list[DemoIscm]:
    """Return the active ISCMs, with the first date and the regional reviews that fit each."""
    commissions = load_seed_file("reference.json")["regional_commissions"]
    iscms = (
        await session.execute(
            select(models.Iscm.id, models.Iscm.acronym, models.Iscm.name, models.Iscm.established)
            .where(models.Iscm.status == "ACTIVE")
            .order_by(models.Iscm.id)
        )
    ).all()
    state = models.MemberState
    membership = models.IscmMembership
    members = (
        await session.execute(
            select(
                membership.iscm_id,
                state.iso3,
                state.region,
                state.subregion,
                state.intermediate_region,
            )
            .join(state, state.iso3 == membership.state_iso3)
            .where(membership.role == "MEMBER")
        )
    ).all()
    out = []
    for iscm in iscms:
        established = iscm.established or DEMO_SEED
        out.append(
            DemoIscm(
                id=iscm.id,
                name=iscm.acronym or iscm.name,
                earliest=date(established + 1, 1, 1),
                commissions=fitting_commissions(
                    (m for m in members if m.iscm_id == iscm.id), commissions
                ),
            )
        )
    return [iscm for iscm in out if iscm.earliest <= LATEST_DATE]


def fits(iscm: DemoIscm, process: models.ReviewProcess) -> bool:
    """Whether a plausible contribution of `iscm` could go to `process`."""
    if process.opens_on < iscm.earliest or process.opens_on + SUBMISSION_DELAY > LATEST_DATE:
        return False
    return process.kind == "GLOBAL" or process.regional_commission in iscm.commissions


async def insert_demo_rows(session: AsyncSession) -> list[str]:
    """Insert synthetic recommendations and contributions in the open transaction."""
    already = (
        await session.execute(
            select(func.count())
            .select_from(models.Recommendation)
            .where(models.Recommendation.synthetic)
        )
    ).scalar_one()
    if already:
        return [f"demo data: already loaded ({already} synthetic recommendations), nothing added"]
    rng = random.Random(DEMO_SEED)  # noqa: S311 - reproducible demo data, not secrets
    iscms = await demo_iscms(session)
    levels = list((await session.execute(select(models.GovernanceLevel.code))).scalars())
    phases = list((await session.execute(select(models.GovernancePhase.code))).scalars())
    outcomes = list((await session.execute(select(models.OutcomeType.code))).scalars())
    processes = (
        (await session.execute(select(models.ReviewProcess).order_by(models.ReviewProcess.id)))
        .scalars()
        .all()
    )
    recommendations = contributions = 0
    for iscm in iscms:
        span = (LATEST_DATE - iscm.earliest).days
        for _ in range(rng.randint(2, 6)):
            theme = rng.choice(list(SUBJECTS))
            row = {
                "iscm_id": iscm.id,
                "title": f"{SYNTHETIC_PREFIX} {rng.choice(ACTIONS)} {SUBJECTS[theme]}",
                "text": (
                    f"Synthetic recommendation for {iscm.name}, generated for exploring"
                    f" iscm-graph. Participating States agree to {SUBJECTS[theme]}."
                ),
                "adopted_on": iscm.earliest + timedelta(days=rng.randint(0, span)),
                "level": rng.choice(levels),
                "phase": rng.choice(phases),
                "outcome_type": rng.choice(outcomes),
                "synthetic": True,
            }
            recommendation_id = (
                await session.execute(
                    insert(models.Recommendation).values(**row).returning(models.Recommendation.id)
                )
            ).scalar_one()
            await link(
                session,
                models.recommendation_thematic_areas,
                "recommendation_id",
                recommendation_id,
                "thematic_area_slug",
                [theme],
            )
            await link(
                session,
                models.recommendation_gcm_objectives,
                "recommendation_id",
                recommendation_id,
                "objective_number",
                THEME_OBJECTIVES[theme],
            )
            if theme in THEME_SDG:
                await link(
                    session,
                    models.recommendation_sdg_targets,
                    "recommendation_id",
                    recommendation_id,
                    "sdg_code",
                    [THEME_SDG[theme]],
                )
            recommendations += 1
        candidates = [process for process in processes if fits(iscm, process)]
        for process in rng.sample(candidates, k=min(2, len(candidates))):
            status = rng.choice(["DRAFT", "SUBMITTED", "PUBLISHED", "PUBLISHED"])
            submitted = (
                datetime.combine(process.opens_on, datetime.min.time(), UTC) + SUBMISSION_DELAY
            )
            themes = rng.sample(list(SUBJECTS), k=2)
            row = {
                "iscm_id": iscm.id,
                "review_process_id": process.id,
                "title": f"{SYNTHETIC_PREFIX} {iscm.name} input to the {process.name}",
                "summary": (
                    f"Synthetic contribution by {iscm.name} covering {SUBJECTS[themes[0]]}"
                    f" and {SUBJECTS[themes[1]]}."
                ),
                "practices": "Synthetic practice: regular exchange among focal points.",
                "challenges": "Synthetic challenge: uneven data across participating States.",
                "level": rng.choice(levels),
                "phase": rng.choice(phases),
                "outcome_type": rng.choice(outcomes),
                "status": status,
                "submitted_by": "iscm-graph demo data",
                "submitted_at": submitted if status != "DRAFT" else None,
                "published_at": submitted + PUBLICATION_DELAY if status == "PUBLISHED" else None,
                "synthetic": True,
            }
            contribution_id = (
                await session.execute(
                    insert(models.ReviewContribution)
                    .values(**row)
                    .returning(models.ReviewContribution.id)
                )
            ).scalar_one()
            objectives = sorted({n for t in themes for n in THEME_OBJECTIVES[t]})
            await link(
                session,
                models.review_contribution_gcm_objectives,
                "contribution_id",
                contribution_id,
                "objective_number",
                objectives,
            )
            contributions += 1
    return [
        f"demo data: {recommendations} synthetic recommendations and "
        f"{contributions} synthetic review contributions added (flagged synthetic)"
    ]


async def link(
    session: AsyncSession,
    table: Any,
    owner_column: str,
    owner_id: int,
    other_column: str,
    others: list[Any],
) -> None:
    """Insert link rows from one owner to several others."""
    await session.execute(
        insert(table), [{owner_column: owner_id, other_column: other} for other in others]
    )
