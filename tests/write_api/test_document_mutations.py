"""Editors keep the documents alive: created, corrected, linked to the ISCMs they concern and
to the events that adopted them, removed and restored. Each change cites a source, is audited
and versioned, and `iscm-graph seed` keeps it."""

from sqlalchemy import select

from db import models
from db.reference_data import load_reference_data
from tests.write_api.conftest import Callers
from tests.write_api.operations import (
    CREATE_DOCUMENT,
    LINK_DOCUMENT_EVENTS,
    LINK_DOCUMENT_ISCMS,
    REMOVE_DOCUMENT,
    RESTORE_DOCUMENT,
    UPDATE_DOCUMENT,
)
from tests.write_api.test_contribution_mutations import codes, count
from tests.write_api.test_event_mutations import SEEDED_DOCUMENT, SEEDED_EVENT, record_id

SOURCE = "https://www.rabat-process.org/en/documents/declarations"
CORRECTION = "https://www.khartoumprocess.net/resources/library"

DOCUMENT_READS = """
query Reads($id: ID!, $search: String!) {
  node(id: $id) { id }
  documents(filter: {iscm: "rabat-process"}, first: 100) { edges { node { id } } }
  search(query: $search) { ... on Document { id } }
}
"""
REMOVED_DOCUMENTS = "{ documents(filter: {removed: true}) { edges { node { id removedAt } } } }"


def new_document(**overrides) -> dict:
    return {
        "slug": "rabat-declaration-2024",
        "title": "Rabat Declaration on Zanzibarian Mobility",
        "kind": "DECLARATION",
        "publishedOn": "2024-12-13",
        "year": 2024,
        "place": "Rabat",
        "url": "https://www.rabat-process.org/en/documents/",
        "summary": "Partners commit to facilitating labour mobility.",
        "iscms": ["rabat-process"],
        **overrides,
    }


async def test_an_editor_adds_corrects_links_removes_and_restores_a_document(
    callers: Callers, session
):
    summit = await record_id(session, models.Event, SEEDED_EVENT)

    # when an editor adds a declaration the Valletta summit adopted
    created = await callers.editor.ok(
        CREATE_DOCUMENT, {"input": new_document(events=[summit]), "source": SOURCE}
    )

    # then it is stored as given, with its source and links
    document = created["document"]
    assert {k: v for k, v in document.items() if k != "id"} == {
        "title": "Rabat Declaration on Zanzibarian Mobility",
        "kind": "DECLARATION",
        "publishedOn": "2024-12-13",
        "url": "https://www.rabat-process.org/en/documents/",
        "summary": "Partners commit to facilitating labour mobility.",
        "version": 1,
        "removedAt": None,
        "iscms": [{"slug": "rabat-process"}],
        "events": [{"slug": SEEDED_EVENT}],
    }
    stored = await session.execute(
        select(models.Document.sources, models.Document.slug).where(
            models.Document.title == "Rabat Declaration on Zanzibarian Mobility"
        )
    )
    assert stored.one() == ([SOURCE], "rabat-declaration-2024")

    # when the editor corrects it, and links it to another ISCM and exactly no event
    corrected = await callers.editor.ok(
        UPDATE_DOCUMENT,
        {
            "id": document["id"],
            "version": 1,
            "input": {"kind": "KEY_DOCUMENT", "summary": None},
            "source": CORRECTION,
        },
    )
    assert (corrected["document"]["kind"], corrected["document"]["summary"]) == (
        "KEY_DOCUMENT",
        None,
    )
    linked = await callers.editor.ok(
        LINK_DOCUMENT_ISCMS,
        {"id": document["id"], "iscms": ["khartoum-process"], "source": CORRECTION},
    )
    assert {i["slug"] for i in linked["document"]["iscms"]} == {
        "khartoum-process",
        "rabat-process",
    }
    unlinked = await callers.editor.ok(
        LINK_DOCUMENT_EVENTS,
        {"id": document["id"], "events": [], "source": CORRECTION, "replace": True},
    )
    assert (unlinked["document"]["events"], unlinked["document"]["version"]) == ([], 4)

    # then search finds it, until an editor removes it: from then on nobody sees it
    words = {"id": document["id"], "search": "Zanzibarian"}
    before = await callers.anonymous.data(DOCUMENT_READS, words)
    assert before["search"] == [{"id": document["id"]}]
    assert document["id"] in [e["node"]["id"] for e in before["documents"]["edges"]]
    removed = await callers.editor.ok(
        REMOVE_DOCUMENT, {"id": document["id"], "reason": "Not an outcome", "source": SOURCE}
    )
    assert removed["document"]["removedAt"] is not None
    for reader in (callers.anonymous, callers.partner, callers.editor):
        reads = await reader.data(DOCUMENT_READS, words)
        assert reads["node"] is None
        assert document["id"] not in [e["node"]["id"] for e in reads["documents"]["edges"]]
        assert reads["search"] == []
    listed = await callers.editor.data(REMOVED_DOCUMENTS)
    assert [e["node"]["id"] for e in listed["documents"]["edges"]] == [document["id"]]
    assert (await callers.partner.data(REMOVED_DOCUMENTS))["documents"]["edges"] == []
    # a removed document cannot be linked to
    refused = await callers.editor.payload(
        LINK_DOCUMENT_EVENTS, {"id": document["id"], "events": [summit], "source": SOURCE}
    )
    assert codes(refused["errors"]) == [("NOT_FOUND", ["id"])]

    restored = await callers.editor.ok(
        RESTORE_DOCUMENT, {"id": document["id"], "reason": "It is one", "source": SOURCE}
    )
    assert restored["document"]["removedAt"] is None
    assert (await callers.anonymous.data(DOCUMENT_READS, words))["node"] == {"id": document["id"]}

    # and the audit trail holds every change with its source
    log = await callers.admin.data(
        '{ auditEvents(filter: {entity: "document"}) { edges { node { action note } } } }'
    )
    assert sorted(e["node"]["action"] for e in log["auditEvents"]["edges"]) == [
        "CREATED",
        "LINKED_EVENTS",
        "LINKED_ISCMS",
        "REMOVED",
        "RESTORED",
        "UPDATED",
    ]


async def test_document_input_is_checked_whole_and_nothing_is_written(callers: Callers, session):
    documents = await count(session, models.Document)
    audit_events = await count(session, models.AuditEvent)
    seeded = await record_id(session, models.Document, SEEDED_DOCUMENT)

    bad = await callers.editor.payload(
        CREATE_DOCUMENT,
        {
            "input": new_document(
                slug="Rabat_2024",
                title="",
                publishedOn="2999-01-01",
                year=3000,
                url="ftp://example.org/x",
                iscms=["nowhere"],
                events=["not an id"],
            ),
            "source": "",
        },
    )
    assert sorted(codes(bad["errors"])) == sorted(
        [
            ("INVALID", ["input", "slug"]),
            ("REQUIRED", ["input", "title"]),
            ("OUT_OF_RANGE", ["input", "publishedOn"]),
            ("OUT_OF_RANGE", ["input", "year"]),
            ("INVALID", ["input", "url"]),
            ("UNKNOWN_REFERENCE", ["input", "iscms", "0"]),
            ("UNKNOWN_REFERENCE", ["input", "events", "0"]),
            ("REQUIRED", ["source"]),
        ]
    )
    stale = await callers.editor.payload(
        UPDATE_DOCUMENT, {"id": seeded, "version": 2, "input": {"title": "x"}, "source": SOURCE}
    )
    assert codes(stale["errors"]) == [("CONFLICT", ["expectedVersion"])]
    uncited = await callers.editor.payload(
        UPDATE_DOCUMENT,
        {"id": seeded, "version": 1, "input": {"title": "x"}, "source": "see the minutes"},
    )
    assert codes(uncited["errors"]) == [("INVALID", ["source"])]
    wrong_type = await callers.editor.payload(
        UPDATE_DOCUMENT,
        {
            "id": await record_id(session, models.Event, SEEDED_EVENT),
            "version": 1,
            "input": {"title": "x"},
            "source": SOURCE,
        },
    )
    assert codes(wrong_type["errors"]) == [("NOT_FOUND", ["id"])]
    nothing = await callers.editor.payload(
        LINK_DOCUMENT_ISCMS, {"id": seeded, "iscms": [], "source": SOURCE}
    )
    assert codes(nothing["errors"]) == [("REQUIRED", ["iscms"])]
    for query, variables, field in (
        (CREATE_DOCUMENT, {"input": new_document(), "source": SOURCE}, ["input"]),
        (
            UPDATE_DOCUMENT,
            {"id": seeded, "version": 1, "input": {"title": "x"}, "source": SOURCE},
            ["id"],
        ),
        (LINK_DOCUMENT_ISCMS, {"id": seeded, "iscms": ["bali-process"], "source": SOURCE}, ["id"]),
        (REMOVE_DOCUMENT, {"id": seeded, "reason": "duplicate", "source": SOURCE}, ["id"]),
    ):
        partner = await callers.partner.payload(query, variables)
        assert codes(partner["errors"]) == [("FORBIDDEN", field)]

    assert await count(session, models.Document) == documents
    assert await count(session, models.AuditEvent) == audit_events
    row = await session.execute(
        select(models.Document.version, models.Document.title, models.Document.deleted_at).where(
            models.Document.slug == SEEDED_DOCUMENT
        )
    )
    assert row.one() == (
        1,
        "Valletta Summit Action Plan (Joint Valletta Action Plan, JVAP)",
        None,
    )


async def test_a_retried_document_create_replays_its_first_result(callers: Callers, session):
    variables = {"input": new_document(slug=None), "source": SOURCE, "key": "declaration-2024"}
    first = await callers.editor.ok(CREATE_DOCUMENT, variables)
    again = await callers.editor.ok(CREATE_DOCUMENT, variables)
    assert again["document"] == first["document"]
    made = await session.execute(
        select(models.Document.id).where(
            models.Document.title == "Rabat Declaration on Zanzibarian Mobility"
        )
    )
    assert len(made.all()) == 1


async def test_seed_keeps_a_document_an_editor_changed(callers: Callers, session):
    # given a seeded document an editor corrected and unlinked from one of its ISCMs
    seeded = await record_id(session, models.Document, SEEDED_DOCUMENT)
    await callers.editor.ok(
        UPDATE_DOCUMENT,
        {"id": seeded, "version": 1, "input": {"place": "La Valletta"}, "source": CORRECTION},
    )
    await callers.editor.ok(
        LINK_DOCUMENT_ISCMS,
        {"id": seeded, "iscms": ["khartoum-process"], "source": CORRECTION, "replace": True},
    )

    # when the reference data is loaded again
    session.expire_all()
    report = await load_reference_data(session)

    # then the editor's values and links stay, and the report names them
    assert not report.changed
    row = (
        await session.execute(
            select(models.Document).where(models.Document.slug == SEEDED_DOCUMENT)
        )
    ).scalar_one()
    await session.refresh(row)
    assert (row.place, row.version) == ("La Valletta", 3)
    iscms = await session.execute(
        select(models.Iscm.slug)
        .join(models.document_iscms, models.document_iscms.c.iscm_id == models.Iscm.id)
        .where(models.document_iscms.c.document_id == row.id)
    )
    assert list(iscms.scalars()) == ["khartoum-process"]
    assert any(
        line.startswith(f"{SEEDED_DOCUMENT}: place")
        for line in report.table("documents").kept_api_changes
    )
    assert any(
        line.startswith(f"{SEEDED_DOCUMENT}/") and "not linked, kept" in line
        for line in report.table("document_iscms").kept_api_changes
    )
