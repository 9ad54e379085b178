"""Load the ISCMs' real outcomes: meetings (events.json), documents (documents.json) and the
commitments, priority areas and recommendations inside them (outcomes.json).

Every record keeps its sources and the notes that explain it; a record shared by two ISCMs
(`also_iscms`) belongs to both. Natural keys are the files' slugs, so loading again changes
nothing and a record an editor changed (version above 1) keeps its values and links.
"""

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.queries.audit import DOCUMENT_ENTITY, EVENT_ENTITY
from db.seed_loading import SeedReport, StoredRow, iscm_ids, load_seed_file, sync_links, upsert_rows

# The files' finer kinds, and the coarse kind each maps to (db/seed/SOURCES.md, Vocabularies).
DOCUMENT_KIND = {
    "MINISTERIAL_DECLARATION": "DECLARATION",
    "JOINT_STATEMENT": "DECLARATION",
    "ACTION_PLAN": "KEY_DOCUMENT",
    "REPORT": "OTHER",
    "SUMMARY_OF_CONCLUSIONS": "OTHER",
    "OTHER": "OTHER",
}
EVENT_KIND = {
    "MINISTERIAL_CONFERENCE": "MINISTERIAL_CONFERENCE",
    "SENIOR_OFFICIALS_MEETING": "SENIOR_OFFICIALS_MEETING",
    "THEMATIC_MEETING": "THEMATIC_WORKSHOP",
    "WORKING_GROUP": "THEMATIC_WORKSHOP",
    "OTHER": "OTHER",
}
# The International Migration Review Forum's sessions are GCM review meetings.
REVIEW_FORUM = "international-migration-review-forum"
CLASSIFICATION = {"editorial": "EDITORIAL", "as published": "AS_PUBLISHED"}


def day(value: str | None) -> date | None:
    """Parse an ISO date, keeping None."""
    return date.fromisoformat(value) if value else None


def event_row(record: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    """Map one events.json record onto the events columns."""
    kind = "REVIEW_MEETING" if record["iscm"] == REVIEW_FORUM else EVENT_KIND[record["kind"]]
    return {
        "slug": record["slug"],
        "iscm_id": ids[record["iscm"]],
        "title": record["title"],
        "title_is_descriptive": record.get("title_is_descriptive", False),
        "kind": kind,
        "detailed_kind": record["kind"],
        "sequence": record.get("sequence"),
        "year": record["year"],
        "starts_on": day(record["starts_on"]),
        "ends_on": day(record["ends_on"]),
        "city": record["city"],
        "country_iso3": record["country"],
        "host": None,
        "theme": record.get("theme"),
        "notes": record.get("notes"),
        "conflicts": record.get("conflicts"),
        "url": record["sources"][0],
        "sources": list(record["sources"]),
    }


def document_row(record: dict[str, Any]) -> dict[str, Any]:
    """Map one documents.json record onto the documents columns."""
    return {
        "slug": record["slug"],
        "title": record["title"],
        "title_is_descriptive": record.get("title_is_descriptive", False),
        "alternative_titles": list(record.get("alt_titles", [])),
        "kind": DOCUMENT_KIND[record["kind"]],
        "detailed_kind": record["kind"],
        "kind_note": record.get("kind_note"),
        "adopted_on": day(record["adopted_on"]),
        "adopted_on_note": record.get("adopted_on_note"),
        "year": record["year"],
        "year_note": record.get("year_note"),
        "place": record["place"],
        "url": record["url"],
        "summary": record["summary"],
        "conflicts": record.get("conflicts"),
        "sources": list(record["sources"]),
    }


def recommendation_row(
    record: dict[str, Any],
    ids: dict[str, int],
    document: tuple[dict[str, Any], StoredRow],
    event: StoredRow | None,
) -> dict[str, Any]:
    """Map one outcomes.json record onto the recommendations columns.

    `text` holds the paraphrased summary, or the title (as the source words it) when the
    file gives no summary; the adoption date is the document's, when a single day is known.
    """
    source_document, stored_document = document
    number = record["number"]
    return {
        "slug": record["slug"],
        "iscm_id": ids[record["iscm"]],
        "event_id": event.id if event else None,
        "document_id": stored_document.id,
        "number": None if number is None else str(number),
        "number_note": record.get("number_note"),
        "title": record["title"],
        "title_is_descriptive": record.get("title_is_descriptive", False),
        "title_note": record.get("title_note"),
        "text": record.get("summary") or record["title"],
        "adopted_on": day(source_document["adopted_on"]),
        "level": record["level"],
        "phase": record["phase"],
        "outcome_type": record["outcome_type"],
        "classification": CLASSIFICATION[record["classification"]],
        "classification_note": record["classification_note"],
        "link_note": record.get("link_note"),
        "conflicts": record.get("conflicts"),
        "source_url": record["sources"][0],
        "sources": list(record["sources"]),
    }


def shared_with(record: dict[str, Any], ids: dict[str, int]) -> list[int]:
    """The ids of the other ISCMs a record also belongs to."""
    return [ids[slug] for slug in record.get("also_iscms", [])]


async def load_outcomes(
    session: AsyncSession, report: SeedReport, grcp_events: list[dict[str, Any]]
) -> None:
    """Load the calendar (Global RCP meetings included), documents and outcomes, with links."""
    ids = await iscm_ids(session)
    events = load_seed_file("events.json")
    documents = load_seed_file("documents.json")
    outcomes = load_seed_file("outcomes.json")

    stored_events = await upsert_rows(
        session,
        report,
        models.Event,
        "slug",
        [*grcp_events, *(event_row(record, ids) for record in events)],
        scope=~models.Event.synthetic,
        audit_entity=EVENT_ENTITY,
    )
    event_of_document: dict[str, StoredRow] = {}
    for record in events:
        stored = stored_events[record["slug"]]
        owner = ("event_id", stored, record["slug"])
        await sync_links(
            session,
            report,
            models.event_shared_iscms,
            owner,
            "iscm_id",
            shared_with(record, ids),
        )
        event_of_document.update(dict.fromkeys(record["outcome_documents"], stored))

    stored_documents = await upsert_rows(
        session,
        report,
        models.Document,
        "slug",
        [document_row(record) for record in documents],
        scope=models.Document.slug.is_not(None),
        audit_entity=DOCUMENT_ENTITY,
    )
    for record in documents:
        owner = ("document_id", stored_documents[record["slug"]], record["slug"])
        iscms = [ids[record["iscm"]], *shared_with(record, ids)]
        await sync_links(session, report, models.document_iscms, owner, "iscm_id", iscms)
        event = event_of_document.get(record["slug"])
        # The link belongs to both records: an editor's change to either keeps it as it is.
        stored = stored_documents[record["slug"]]
        edited = StoredRow(stored.id, stored.edited or (event is not None and event.edited))
        await sync_links(
            session,
            report,
            models.document_events,
            ("document_id", edited, record["slug"]),
            "event_id",
            [event.id] if event else [],
        )

    by_slug = {record["slug"]: record for record in documents}
    rows = [
        recommendation_row(
            record,
            ids,
            (by_slug[record["document"]], stored_documents[record["document"]]),
            event_of_document.get(record["document"]),
        )
        for record in outcomes
    ]
    stored_outcomes = await upsert_rows(
        session,
        report,
        models.Recommendation,
        "slug",
        rows,
        scope=models.Recommendation.slug.is_not(None),
    )
    for record in outcomes:
        owner = ("recommendation_id", stored_outcomes[record["slug"]], record["slug"])
        for table, column, values in (
            (models.recommendation_shared_iscms, "iscm_id", shared_with(record, ids)),
            (models.recommendation_gcm_objectives, "objective_number", record["gcm_objectives"]),
            (models.recommendation_thematic_areas, "thematic_area_slug", record["thematic_areas"]),
        ):
            await sync_links(session, report, table, owner, column, values)
