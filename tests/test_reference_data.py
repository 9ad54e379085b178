"""The reference data loader: complete, idempotent, and it never discards what it does not own."""

from sqlalchemy import func, select, update

from db import models
from db.reference_data import load_reference_data


async def count(session, model) -> int:
    return (await session.execute(select(func.count()).select_from(model))).scalar_one()


async def test_loading_twice_changes_nothing(session):
    report = await load_reference_data(session)  # the run's database is seeded already
    assert not report.changed
    assert report.tables["iscms"].unchanged == 34
    assert all(not t.not_in_files for t in report.tables.values())


async def test_reference_tables_are_complete(session):
    assert await count(session, models.GcmObjective) == 23
    assert await count(session, models.GcmGuidingPrinciple) == 10
    assert await count(session, models.ThematicArea) >= 15
    assert await count(session, models.GovernanceLevel) == 4
    assert await count(session, models.GovernancePhase) == 3
    assert await count(session, models.OutcomeType) == 7
    un_members = await session.execute(
        select(func.count()).where(models.MemberState.un_status == "MEMBER")
    )
    assert un_members.scalar_one() == 193
    grcp = await session.execute(select(func.count()).where(models.Event.kind == "GRCP_MEETING"))
    assert grcp.scalar_one() == 9


async def test_a_changed_row_is_restored_and_a_foreign_row_is_reported(session):
    await session.execute(
        update(models.GcmObjective)
        .where(models.GcmObjective.number == 1)
        .values(short_name="changed")
    )
    session.add(
        models.ThematicArea(
            slug="local-theme", name="Local theme", description="Added by a curator"
        )
    )
    await session.flush()

    report = await load_reference_data(session)

    assert report.tables["gcm_objectives"].updated == 1
    assert report.tables["thematic_areas"].not_in_files == ["local-theme"]
    objective = await session.get(models.GcmObjective, 1)
    await session.refresh(objective)
    assert objective.short_name == "Data"
    assert await session.get(models.ThematicArea, "local-theme") is not None


async def test_an_iscm_edited_through_the_api_is_kept_and_reported(session):
    await session.execute(
        update(models.Iscm)
        .where(models.Iscm.slug == "bali-process")
        .values(summary="Curated summary", version=2)
    )

    report = await load_reference_data(session)

    kept = report.tables["iscms"].kept_api_changes
    assert kept == ["bali-process: summary differ from the seed file"]
    summary = await session.execute(
        select(models.Iscm.summary).where(models.Iscm.slug == "bali-process")
    )
    assert summary.scalar_one() == "Curated summary"
