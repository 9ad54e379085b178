"""The ISCMs' real documents, outcomes and meetings: every record of the files, with its sources."""

import json
from datetime import date
from importlib.resources import files

import pytest
from sqlalchemy import func, or_, select, update

from db import models
from db.reference_data import load_reference_data


def seed_file(name):
    return json.loads(files("db").joinpath("seed", name).read_text(encoding="utf-8"))


DOCUMENTS = seed_file("documents.json")
OUTCOMES = seed_file("outcomes.json")
EVENTS = seed_file("events.json")
COARSE_DOCUMENT_KIND = {
    "MINISTERIAL_DECLARATION": "DECLARATION",
    "JOINT_STATEMENT": "DECLARATION",
    "ACTION_PLAN": "KEY_DOCUMENT",
    "REPORT": "OTHER",
    "SUMMARY_OF_CONCLUSIONS": "OTHER",
    "OTHER": "OTHER",
}


async def iscm_slugs(session) -> dict[int, str]:
    return dict((await session.execute(select(models.Iscm.id, models.Iscm.slug))).all())


async def by_slug(session, model):
    rows = (await session.execute(select(model).where(model.slug.is_not(None)))).scalars()
    return {row.slug: row for row in rows}


async def links(session, table, owner, other) -> dict[int, set]:
    out: dict[int, set] = {}
    for owner_id, other_id in (await session.execute(select(table.c[owner], table.c[other]))).all():
        out.setdefault(owner_id, set()).add(other_id)
    return out


def test_the_files_are_the_sizes_the_sources_describe():
    assert (len(DOCUMENTS), len(OUTCOMES), len(EVENTS)) == (66, 135, 115)


async def test_every_document_is_loaded_with_its_sources_kind_and_notes(session):
    stored = await by_slug(session, models.Document)
    slugs = await iscm_slugs(session)
    iscms_of = await links(session, models.document_iscms, "document_id", "iscm_id")
    assert set(stored) == {record["slug"] for record in DOCUMENTS}
    for record in DOCUMENTS:
        row = stored[record["slug"]]
        assert row.sources == record["sources"], record["slug"]
        assert (row.title, row.url, row.summary, row.year, row.place) == (
            record["title"],
            record["url"],
            record["summary"],
            record["year"],
            record["place"],
        )
        assert row.detailed_kind == record["kind"]
        assert row.kind == COARSE_DOCUMENT_KIND[record["kind"]]
        assert row.adopted_on == (
            date.fromisoformat(record["adopted_on"]) if record["adopted_on"] else None
        )
        assert row.title_is_descriptive == record.get("title_is_descriptive", False)
        assert row.alternative_titles == record.get("alt_titles", [])
        for note in ("kind_note", "adopted_on_note", "year_note", "conflicts"):
            assert getattr(row, note) == record.get(note), (record["slug"], note)
        assert not row.synthetic
        wanted = {record["iscm"], *record.get("also_iscms", [])}
        assert {slugs[i] for i in iscms_of[row.id]} == wanted


async def test_every_event_is_loaded_with_its_sources_and_kinds(session):
    stored = await by_slug(session, models.Event)
    slugs = await iscm_slugs(session)
    for record in EVENTS:
        row = stored[record["slug"]]
        assert row.sources == record["sources"], record["slug"]
        assert slugs[row.iscm_id] == record["iscm"]
        assert row.detailed_kind == record["kind"]
        assert (row.year, row.city, row.country_iso3, row.sequence, row.theme) == (
            record["year"],
            record["city"],
            record["country"],
            record.get("sequence"),
            record.get("theme"),
        )
        assert row.ends_on == date.fromisoformat(record["ends_on"])
        assert (row.notes, row.conflicts) == (record.get("notes"), record.get("conflicts"))
        assert not row.synthetic
    assert stored["imrf-2022"].kind == "REVIEW_MEETING"
    assert stored["colombo-1st-som-2014"].starts_on is None
    kinds = {record["slug"]: record["kind"] for record in EVENTS}
    assert {stored[s].kind for s, k in kinds.items() if k == "WORKING_GROUP"} == {
        "THEMATIC_WORKSHOP"
    }


async def test_every_outcome_is_a_recommendation_of_its_document_and_meeting(session):
    stored = await by_slug(session, models.Recommendation)
    documents = await by_slug(session, models.Document)
    events = await by_slug(session, models.Event)
    slugs = await iscm_slugs(session)
    objectives = await links(
        session, models.recommendation_gcm_objectives, "recommendation_id", "objective_number"
    )
    themes = await links(
        session, models.recommendation_thematic_areas, "recommendation_id", "thematic_area_slug"
    )
    meeting_of = {doc: e["slug"] for e in EVENTS for doc in e["outcome_documents"]}
    document_records = {record["slug"]: record for record in DOCUMENTS}
    assert set(stored) == {record["slug"] for record in OUTCOMES}
    for record in OUTCOMES:
        row = stored[record["slug"]]
        assert row.sources == record["sources"], record["slug"]
        assert slugs[row.iscm_id] == record["iscm"]
        assert row.document_id == documents[record["document"]].id
        meeting = meeting_of.get(record["document"])
        assert row.event_id == (events[meeting].id if meeting else None), record["slug"]
        document = document_records[record["document"]]
        assert row.adopted_on == (
            date.fromisoformat(document["adopted_on"]) if document["adopted_on"] else None
        )
        assert (row.level, row.phase, row.outcome_type) == (
            record["level"],
            record["phase"],
            record["outcome_type"],
        )
        assert row.classification == "EDITORIAL"
        assert row.classification_note == record["classification_note"]
        assert row.number == (None if record["number"] is None else str(record["number"]))
        for note in ("number_note", "title_note", "link_note", "conflicts"):
            assert getattr(row, note) == record.get(note), (record["slug"], note)
        assert row.title == record["title"]
        assert row.text == (record.get("summary") or record["title"])
        assert objectives.get(row.id, set()) == set(record["gcm_objectives"])
        assert themes.get(row.id, set()) == set(record["thematic_areas"])
        assert not row.synthetic


@pytest.mark.parametrize(
    ("model", "shared", "owner", "file", "records_of_rabat"),
    [
        (
            models.Recommendation,
            models.recommendation_shared_iscms,
            "recommendation_id",
            OUTCOMES,
            5,
        ),
        (models.Event, models.event_shared_iscms, "event_id", EVENTS, 2),
    ],
)
async def test_records_shared_by_two_iscms_belong_to_both(
    session, model, shared, owner, file, records_of_rabat
):
    slugs = await iscm_slugs(session)
    ids = {slug: i for i, slug in slugs.items()}
    shared_records = [record for record in file if record.get("also_iscms")]
    assert len(shared_records) == records_of_rabat

    def of(slug):
        """An ISCM's records: its own and those it shares."""
        also = select(shared.c[owner]).where(shared.c.iscm_id == ids[slug])
        return select(model.slug).where(
            or_(model.iscm_id == ids[slug], model.id.in_(also)), model.slug.is_not(None)
        )

    for record in shared_records:
        for slug in (record["iscm"], *record["also_iscms"]):
            assert record["slug"] in set((await session.execute(of(slug))).scalars()), slug
    for slug in ("rabat-process", "khartoum-process"):
        own = {r["slug"] for r in file if slug in (r["iscm"], *r.get("also_iscms", []))}
        assert set((await session.execute(of(slug))).scalars()) == own


async def test_loading_twice_changes_nothing_and_keeps_an_editors_changes(session):
    # given an editor changed an outcome (its title and one objective), a document and a meeting
    recommendation = (
        await session.execute(
            update(models.Recommendation)
            .where(models.Recommendation.slug == "jvap-domain-1")
            .values(title="Edited through the API", version=2)
            .returning(models.Recommendation.id)
        )
    ).scalar_one()
    await session.execute(
        models.recommendation_gcm_objectives.delete().where(
            models.recommendation_gcm_objectives.c.recommendation_id == recommendation
        )
    )
    await session.execute(
        update(models.Document)
        .where(models.Document.slug == "joint-valletta-action-plan-2015")
        .values(summary="Curated summary", version=2)
    )
    await session.execute(
        update(models.Event)
        .where(models.Event.slug == "valletta-summit-2015")
        .values(city="La Valletta", version=3)
    )
    counts_before = await record_counts(session)

    # when the reference data is loaded twice
    first = await load_reference_data(session)
    second = await load_reference_data(session)

    # then nothing is added, the editor's values stay, and the report names them
    assert await record_counts(session) == counts_before
    assert not first.changed
    assert not second.changed
    assert first.table("recommendations").kept_api_changes == [
        "jvap-domain-1: title differ from the seed file"
    ]
    kept_links = first.table("recommendation_gcm_objectives").kept_api_changes
    assert kept_links
    assert all(note.startswith("jvap-domain-1/") for note in kept_links)
    assert first.table("documents").kept_api_changes == [
        "joint-valletta-action-plan-2015: summary differ from the seed file"
    ]
    assert first.table("events").kept_api_changes == [
        "valletta-summit-2015: city differ from the seed file"
    ]
    title = await session.execute(
        select(models.Recommendation.title).where(models.Recommendation.id == recommendation)
    )
    assert title.scalar_one() == "Edited through the API"
    linked = await session.execute(
        select(func.count()).where(
            models.recommendation_gcm_objectives.c.recommendation_id == recommendation
        )
    )
    assert linked.scalar_one() == 0


async def record_counts(session) -> list[int]:
    return [
        (await session.execute(select(func.count()).select_from(table))).scalar_one()
        for table in (
            models.Recommendation,
            models.Document,
            models.Event,
            models.DisputedFact,
            models.DisputedFactClaim,
            models.recommendation_gcm_objectives,
            models.document_iscms,
            models.recommendation_shared_iscms,
            models.IscmMembership,
        )
    ]
