"""Editors keep the ISCM calendar alive: events are created, corrected, linked to the ISCMs
that share them and to the documents they adopted, removed and restored. Each change cites a
source, is audited and versioned, and `iscm-graph seed` keeps it."""

from typing import Any

from sqlalchemy import func, select

from db import models
from db.queries.audit import EVENT_ENTITY
from db.reference_data import load_reference_data
from db.seed_loading import SeedReport, upsert_rows
from resolvers.writes import global_id
from tests.write_api.conftest import Callers
from tests.write_api.operations import (
    CREATE_EVENT,
    LINK_EVENT_DOCUMENTS,
    LINK_EVENT_ISCMS,
    REMOVE_EVENT,
    RESTORE_EVENT,
    UPDATE_EVENT,
)
from tests.write_api.test_contribution_mutations import codes, count
from tests.write_api.test_removal_and_merge import AUDIT

SOURCE = "https://www.rabat-process.org/en/activities/political-meetings"
CORRECTION = "https://www.rabat-process.org/en/news/ministerial-conference-2024"
SEEDED_EVENT = "valletta-summit-2015"
SEEDED_DOCUMENT = "joint-valletta-action-plan-2015"

EVENT_READS = """
query Reads($id: ID!) {
  node(id: $id) { id ... on Event { slug } }
  events(filter: {iscm: "rabat-process"}, first: 100) { edges { node { id } } }
  iscm(slug: "rabat-process") { events(first: 100) { edges { node { id } } } }
}
"""
REMOVED_EVENTS = (
    "{ events(filter: {removed: true}) { totalCount edges { node { id removedAt } } } }"
)


def new_event(**overrides) -> dict:
    return {
        "slug": "rabat-process-ministerial-2024",
        "iscm": "rabat-process",
        "title": "Ministerial Conference of the Rabat Process",
        "kind": "MINISTERIAL_CONFERENCE",
        "year": 2024,
        "startsOn": "2024-12-12",
        "endsOn": "2024-12-13",
        "city": "Rabat",
        "country": "mar",
        "url": "https://www.rabat-process.org/en/",
        **overrides,
    }


async def record_id(session, model, slug: str) -> str:
    """The global id of the seeded event or document `slug`."""
    row_id = (await session.execute(select(model.id).where(model.slug == slug))).scalar_one()
    return global_id(model.__name__, row_id)


async def shared_iscms(session, event_slug: str) -> list[str]:
    link = models.event_shared_iscms
    rows = await session.execute(
        select(models.Iscm.slug)
        .join(link, link.c.iscm_id == models.Iscm.id)
        .join(models.Event, models.Event.id == link.c.event_id)
        .where(models.Event.slug == event_slug)
        .order_by(models.Iscm.slug)
    )
    return list(rows.scalars())


async def test_an_editor_adds_corrects_and_links_an_event(callers: Callers, session):
    declaration = await record_id(session, models.Document, "valletta-political-declaration-2015")

    # when an editor adds a meeting shared with another ISCM, naming the declaration it adopted
    created = await callers.editor.ok(
        CREATE_EVENT,
        {
            "input": new_event(alsoIscms=["khartoum-process"], documents=[declaration]),
            "source": SOURCE,
        },
    )

    # then it is stored as given, with its source, its sharing ISCM and its document
    event = created["event"]
    assert {k: v for k, v in event.items() if k != "id"} == {
        "slug": "rabat-process-ministerial-2024",
        "title": "Ministerial Conference of the Rabat Process",
        "kind": "MINISTERIAL_CONFERENCE",
        "year": 2024,
        "startsOn": "2024-12-12",
        "endsOn": "2024-12-13",
        "city": "Rabat",
        "country": {"iso3": "MAR"},
        "url": "https://www.rabat-process.org/en/",
        "sources": [SOURCE],
        "version": 1,
        "removedAt": None,
        "iscm": {"slug": "rabat-process"},
    }
    assert await shared_iscms(session, "rabat-process-ministerial-2024") == ["khartoum-process"]
    adopted = await callers.anonymous.data(
        "query($id: ID!) { node(id: $id) { ... on Document { events { slug } } } }",
        {"id": declaration},
    )
    assert "rabat-process-ministerial-2024" in [e["slug"] for e in adopted["node"]["events"]]

    # when the editor corrects its dates, citing another source
    corrected = await callers.editor.ok(
        UPDATE_EVENT,
        {
            "id": event["id"],
            "version": 1,
            "input": {"startsOn": "2024-12-11", "city": None},
            "source": CORRECTION,
        },
    )
    assert (corrected["event"]["startsOn"], corrected["event"]["city"]) == ("2024-12-11", None)
    assert (corrected["event"]["version"], corrected["event"]["sources"]) == (
        2,
        [SOURCE, CORRECTION],
    )

    # and replaces the ISCMs that share it, and adds a document
    plan = await record_id(session, models.Document, SEEDED_DOCUMENT)
    relinked = await callers.editor.ok(
        LINK_EVENT_ISCMS,
        {"id": event["id"], "iscms": ["budapest-process"], "source": SOURCE, "replace": True},
    )
    assert relinked["event"]["version"] == 3
    assert await shared_iscms(session, "rabat-process-ministerial-2024") == ["budapest-process"]
    held = await callers.editor.payload(
        UPDATE_EVENT,
        {"id": event["id"], "version": 3, "input": {"iscm": "budapest-process"}, "source": SOURCE},
    )
    assert codes(held["errors"]) == [("INVALID", ["input", "iscm"])]
    linked = await callers.editor.ok(
        LINK_EVENT_DOCUMENTS, {"id": event["id"], "documents": [plan], "source": SOURCE}
    )
    assert linked["event"]["version"] == 4
    served = await callers.anonymous.data(
        "query($id: ID!) { node(id: $id) { ... on Event { iscms { slug } documents { slug } } } }",
        {"id": event["id"]},
    )
    assert {i["slug"] for i in served["node"]["iscms"]} == {"rabat-process", "budapest-process"}
    assert {d["slug"] for d in served["node"]["documents"]} == {
        SEEDED_DOCUMENT,
        "valletta-political-declaration-2015",
    }

    # then every change is in the audit trail, with its source and the links before and after
    log = await callers.admin.data(
        """{ auditEvents(filter: {entity: "event"}) {
             edges { node { action note before after } } } }"""
    )
    changes = [e["node"] for e in log["auditEvents"]["edges"]]
    assert sorted(c["action"] for c in changes) == [
        "CREATED",
        "LINKED_ALSO_ISCMS",
        "LINKED_DOCUMENTS",
        "UPDATED",
    ]
    assert {c["note"] for c in changes} == {SOURCE, CORRECTION}
    update = next(c for c in changes if c["action"] == "UPDATED")
    assert (update["before"]["city"], update["after"]["city"]) == ("Rabat", None)
    relink = next(c for c in changes if c["action"] == "LINKED_ALSO_ISCMS")
    assert len(relink["before"]["also_iscms"]) == 1
    assert relink["before"]["also_iscms"] != relink["after"]["also_iscms"]


async def test_a_removed_event_is_invisible_until_an_editor_restores_it(callers: Callers):
    created = await callers.editor.ok(CREATE_EVENT, {"input": new_event(), "source": SOURCE})
    event_id = created["event"]["id"]
    feed = await callers.anonymous.http.get("/calendar.ics")
    assert "Ministerial Conference of the Rabat Process" in feed.text
    before = await callers.anonymous.data(EVENT_READS, {"id": event_id})
    assert before["node"] is not None
    assert event_id in [e["node"]["id"] for e in before["events"]["edges"]]
    assert event_id in [e["node"]["id"] for e in before["iscm"]["events"]["edges"]]

    removed = await callers.editor.ok(
        REMOVE_EVENT, {"id": event_id, "reason": "Announced twice", "source": SOURCE}
    )
    assert removed["event"]["removedAt"] is not None
    assert removed["event"]["version"] == 2

    # then no reader sees it, in no list and not by id, editors included
    for reader in (callers.anonymous, callers.partner, callers.editor):
        reads = await reader.data(EVENT_READS, {"id": event_id})
        assert reads["node"] is None
        assert event_id not in [e["node"]["id"] for e in reads["events"]["edges"]]
        assert event_id not in [e["node"]["id"] for e in reads["iscm"]["events"]["edges"]]
    feed = await callers.anonymous.http.get("/calendar.ics")
    assert "Ministerial Conference of the Rabat Process" not in feed.text
    # only editors list removed events; a removed event cannot be changed or removed again
    listed = await callers.editor.data(REMOVED_EVENTS)
    assert [e["node"]["id"] for e in listed["events"]["edges"]] == [event_id]
    assert (await callers.anonymous.data(REMOVED_EVENTS))["events"]["totalCount"] == 0
    again = await callers.editor.payload(
        UPDATE_EVENT, {"id": event_id, "version": 2, "input": {"title": "x"}, "source": SOURCE}
    )
    assert codes(again["errors"]) == [("NOT_FOUND", ["id"])]

    # when an editor restores it, it is back as it was
    restored = await callers.editor.ok(
        RESTORE_EVENT, {"id": event_id, "reason": "It was a different meeting", "source": SOURCE}
    )
    assert (restored["event"]["removedAt"], restored["event"]["version"]) == (None, 3)
    reads = await callers.anonymous.data(EVENT_READS, {"id": event_id})
    assert reads["node"] == {"id": event_id, "slug": "rabat-process-ministerial-2024"}
    twice = await callers.editor.payload(
        RESTORE_EVENT, {"id": event_id, "reason": "again", "source": SOURCE}
    )
    assert codes(twice["errors"]) == [("INVALID_TRANSITION", ["id"])]
    log = await callers.admin.data(AUDIT, {"action": "REMOVED"})
    assert [e["node"]["note"] for e in log["auditEvents"]["edges"]] == [
        f"Announced twice (source: {SOURCE})"
    ]


async def test_event_input_is_checked_whole_and_nothing_is_written(callers: Callers, session):
    events = await count(session, models.Event)
    audit_events = await count(session, models.AuditEvent)
    links = await count(session, models.event_shared_iscms)

    bad = await callers.editor.payload(
        CREATE_EVENT,
        {
            "input": new_event(
                slug="Rabat 2024",
                iscm="no-such-iscm",
                alsoIscms=["nowhere"],
                year=1900,
                endsOn="2024-12-01",
                country="XXX",
                url="javascript:alert(1)",
                documents=["RG9jdW1lbnQ6OTk5OTk5"],
            ),
            "source": "the minutes",
        },
    )
    assert sorted(codes(bad["errors"])) == sorted(
        [
            ("INVALID", ["input", "slug"]),
            ("UNKNOWN_REFERENCE", ["input", "iscm"]),
            ("UNKNOWN_REFERENCE", ["input", "alsoIscms", "0"]),
            ("OUT_OF_RANGE", ["input", "year"]),
            ("INVALID", ["input", "endsOn"]),
            ("UNKNOWN_REFERENCE", ["input", "country"]),
            ("INVALID", ["input", "url"]),
            ("UNKNOWN_REFERENCE", ["input", "documents", "0"]),
            ("INVALID", ["source"]),
        ]
    )
    assert bad["event"] is None
    for source in ("", "   "):
        uncited = await callers.editor.payload(
            CREATE_EVENT, {"input": new_event(), "source": source}
        )
        assert codes(uncited["errors"]) == [("REQUIRED", ["source"])]
    wrong_year = await callers.editor.payload(
        CREATE_EVENT, {"input": new_event(year=2023), "source": SOURCE}
    )
    assert codes(wrong_year["errors"]) == [("INVALID", ["input", "startsOn"])]
    own = await callers.editor.payload(
        CREATE_EVENT, {"input": new_event(alsoIscms=["rabat-process"]), "source": SOURCE}
    )
    assert codes(own["errors"]) == [("INVALID", ["input", "alsoIscms"])]
    taken = await callers.editor.payload(
        CREATE_EVENT, {"input": new_event(slug=SEEDED_EVENT), "source": SOURCE}
    )
    assert codes(taken["errors"]) == [("CONFLICT", ["input", "slug"])]

    seeded = await record_id(session, models.Event, SEEDED_EVENT)
    cleared = await callers.editor.payload(
        UPDATE_EVENT,
        {"id": seeded, "version": 1, "input": {"title": " ", "kind": None}, "source": SOURCE},
    )
    assert sorted(codes(cleared["errors"])) == [
        ("REQUIRED", ["input", "kind"]),
        ("REQUIRED", ["input", "title"]),
    ]
    nothing = await callers.editor.payload(
        UPDATE_EVENT, {"id": seeded, "version": 1, "input": {}, "source": SOURCE}
    )
    assert codes(nothing["errors"]) == [("REQUIRED", ["input"])]
    unlinked = await callers.editor.payload(
        LINK_EVENT_ISCMS, {"id": seeded, "iscms": ["nowhere"], "source": ""}
    )
    assert sorted(codes(unlinked["errors"])) == [
        ("REQUIRED", ["source"]),
        ("UNKNOWN_REFERENCE", ["iscms", "0"]),
    ]
    missing = await callers.editor.payload(
        UPDATE_EVENT,
        {"id": "RXZlbnQ6OTk5OTk5", "version": 1, "input": {"title": "x"}, "source": SOURCE},
    )
    assert codes(missing["errors"]) == [("NOT_FOUND", ["id"])]
    no_reason = await callers.editor.payload(
        REMOVE_EVENT, {"id": seeded, "reason": " ", "source": SOURCE}
    )
    assert codes(no_reason["errors"]) == [("REQUIRED", ["reason"])]

    assert await count(session, models.Event) == events
    assert await count(session, models.AuditEvent) == audit_events
    assert await count(session, models.event_shared_iscms) == links
    version = await session.execute(
        select(models.Event.version, models.Event.deleted_at).where(
            models.Event.slug == SEEDED_EVENT
        )
    )
    assert version.one() == (1, None)


async def test_an_event_changed_since_it_was_read_is_a_conflict(callers: Callers, session):
    created = await callers.editor.ok(CREATE_EVENT, {"input": new_event(), "source": SOURCE})
    event_id = created["event"]["id"]
    await callers.editor.ok(
        UPDATE_EVENT,
        {"id": event_id, "version": 1, "input": {"title": "First edit"}, "source": SOURCE},
    )

    stale = await callers.editor.payload(
        UPDATE_EVENT,
        {"id": event_id, "version": 1, "input": {"title": "Second edit"}, "source": SOURCE},
    )

    assert codes(stale["errors"]) == [("CONFLICT", ["expectedVersion"])]
    assert "now at version 2" in stale["errors"][0]["message"]
    title = await session.execute(
        select(models.Event.title).where(models.Event.slug == "rabat-process-ministerial-2024")
    )
    assert title.scalar_one() == "First edit"


async def test_only_editors_and_admins_maintain_the_calendar(callers: Callers, session):
    seeded = await record_id(session, models.Event, SEEDED_EVENT)
    audit_events = await count(session, models.AuditEvent)
    calls: list[tuple[Any, ...]] = [
        (CREATE_EVENT, {"input": new_event(), "source": SOURCE}, ["input"]),
        (UPDATE_EVENT, {"id": seeded, "version": 1, "input": {"title": "x"}, "source": SOURCE}),
        (LINK_EVENT_ISCMS, {"id": seeded, "iscms": ["bali-process"], "source": SOURCE}),
        (LINK_EVENT_DOCUMENTS, {"id": seeded, "documents": [], "source": SOURCE}),
        (REMOVE_EVENT, {"id": seeded, "reason": "mine", "source": SOURCE}),
        (RESTORE_EVENT, {"id": seeded, "reason": "mine", "source": SOURCE}),
    ]
    for query, variables, *field in calls:
        # a partner (even of the ISCM that held it) is refused, with nothing written
        refused = await callers.partner.payload(query, variables)
        assert codes(refused["errors"]) == [("FORBIDDEN", field[0] if field else ["id"])]
        # an anonymous caller is refused at top level
        anonymous = await callers.anonymous.execute(query, variables)
        assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert anonymous["data"] is None or list(anonymous["data"].values()) == [None]
    assert await count(session, models.AuditEvent) == audit_events

    # an admin may do what an editor may
    made = await callers.admin.ok(CREATE_EVENT, {"input": new_event(), "source": SOURCE})
    assert made["event"]["version"] == 1


async def test_a_retried_create_replays_its_first_result(callers: Callers, session):
    variables = {"input": new_event(), "source": SOURCE, "key": "rabat-2024"}
    first = await callers.editor.ok(CREATE_EVENT, variables)
    again = await callers.editor.ok(CREATE_EVENT, variables)

    assert again["event"] == first["event"]
    made = await session.execute(
        select(func.count())
        .select_from(models.AuditEvent)
        .where(models.AuditEvent.entity == "event")
    )
    assert made.scalar_one() == 1
    other = await callers.editor.payload(
        CREATE_EVENT, {**variables, "input": new_event(title="Another meeting")}
    )
    assert codes(other["errors"]) == [("CONFLICT", ["idempotencyKey"])]

    # a replay after an editor removed the event says so
    await callers.editor.ok(
        REMOVE_EVENT, {"id": first["event"]["id"], "reason": "duplicate", "source": SOURCE}
    )
    gone = await callers.editor.payload(CREATE_EVENT, variables)
    assert codes(gone["errors"]) == [("NOT_FOUND", ["idempotencyKey"])]


async def test_seed_keeps_an_event_an_editor_changed(callers: Callers, session):
    # given a seeded event an editor corrected and whose adopted documents it replaced
    seeded = await record_id(session, models.Event, SEEDED_EVENT)
    await callers.editor.ok(
        UPDATE_EVENT,
        {"id": seeded, "version": 1, "input": {"city": "La Valletta"}, "source": CORRECTION},
    )
    declaration = await record_id(session, models.Document, "valletta-political-declaration-2015")
    await callers.editor.ok(
        LINK_EVENT_DOCUMENTS,
        {"id": seeded, "documents": [declaration], "source": CORRECTION, "replace": True},
    )
    await callers.editor.ok(
        LINK_EVENT_ISCMS, {"id": seeded, "iscms": [], "source": CORRECTION, "replace": True}
    )

    # when the reference data is loaded again (twice: `iscm-graph seed` run after seed)
    session.expire_all()
    first = await load_reference_data(session)
    second = await load_reference_data(session)

    # then the editor's values and links stay, and the report names them
    assert not first.changed
    assert not second.changed
    row = (
        await session.execute(select(models.Event).where(models.Event.slug == SEEDED_EVENT))
    ).scalar_one()
    await session.refresh(row)
    assert (row.city, row.version) == ("La Valletta", 4)
    assert CORRECTION in row.sources
    assert await shared_iscms(session, SEEDED_EVENT) == []
    adopted = await session.execute(
        select(models.Document.slug)
        .join(models.document_events, models.document_events.c.document_id == models.Document.id)
        .where(models.document_events.c.event_id == row.id)
    )
    assert list(adopted.scalars()) == ["valletta-political-declaration-2015"]
    assert any(
        line.startswith(f"{SEEDED_EVENT}: city") for line in first.table("events").kept_api_changes
    )
    assert f"{SEEDED_DOCUMENT}/{row.id}: not linked, kept" in (
        first.table("document_events").kept_api_changes
    )


async def test_a_seed_file_using_the_slug_of_an_event_an_editor_created_does_not_overwrite_it(
    callers: Callers, session
):
    # given an event an editor created (version 1, never changed since)
    created = await callers.editor.ok(CREATE_EVENT, {"input": new_event(), "source": SOURCE})
    slug = created["event"]["slug"]
    session.expire_all()

    # when a later seed file holds an event under the same slug
    report = SeedReport()
    file_row = {"slug": slug, "title": "Another meeting", "city": "Dakar", "year": 2025}
    await upsert_rows(session, report, models.Event, "slug", [file_row], audit_entity=EVENT_ENTITY)

    # then the editor's event keeps its values, and the report says the file's differ
    row = (
        await session.execute(select(models.Event).where(models.Event.slug == slug))
    ).scalar_one()
    await session.refresh(row)
    assert (row.title, row.city, row.year, row.version) == (
        "Ministerial Conference of the Rabat Process",
        "Rabat",
        2024,
        1,
    )
    assert report.table("events").kept_api_changes == [
        f"{slug}: city, title, year differ from the seed file"
    ]
