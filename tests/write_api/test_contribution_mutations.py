"""Review contributions through mutations: validation, workflow, versions, idempotency, audit."""

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from db import models
from tests.write_api.conftest import CLOSED_PROCESS, OPEN_PROCESS, OTHER_ISCM, OWN_ISCM
from tests.write_api.operations import (
    CONTRIBUTION_HISTORY,
    CREATE,
    IMPORT,
    PUBLISH,
    SUBMIT,
    UPDATE,
    WITHDRAW,
)


def draft(**overrides):
    return {
        "iscm": OWN_ISCM,
        "reviewProcess": OPEN_PROCESS,
        "title": "Labour mobility in the Bali Process",
        "summary": "What the Bali Process did on fair recruitment.",
        "gcmObjectives": [6, 5],
        **overrides,
    }


async def count(session, model) -> int:
    return (await session.execute(select(func.count()).select_from(model))).scalar_one()


def codes(errors) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in errors]


async def test_a_partner_creates_a_draft_with_normalised_text(callers):
    # when: padded, decomposed text (e + combining acute) and markup, as a partner would send it
    payload = await callers.partner.ok(
        CREATE,
        {"input": draft(title="  Cafe\u0301 <b>talks</b>  ", practices="   ")},
    )

    # then
    contribution = payload["contribution"]
    assert contribution["title"] == "Café <b>talks</b>"  # trimmed, NFC, markup kept as given
    assert contribution["practices"] is None  # blank optional text is absent
    assert contribution["status"] == "DRAFT"
    assert contribution["version"] == 1
    assert [o["number"] for o in contribution["gcmObjectives"]] == [5, 6]
    assert contribution["iscm"]["slug"] == OWN_ISCM
    assert contribution["reviewProcess"]["slug"] == OPEN_PROCESS


async def test_every_validation_problem_is_reported_at_once_and_nothing_is_written(
    callers, session
):
    # given
    before = (
        await count(session, models.ReviewContribution),
        await count(session, models.AuditEvent),
    )

    # when
    payload = await callers.partner.payload(
        CREATE,
        {
            "input": draft(
                reviewProcess="no-such-review",
                title="x" * 501,
                summary="   ",
                gcmObjectives=[0, 5, 24],
                challenges="nul\x00byte",
            )
        },
    )

    # then
    assert payload["contribution"] is None
    assert sorted(codes(payload["errors"])) == sorted(
        [
            ("TOO_LONG", ["input", "title"]),
            ("REQUIRED", ["input", "summary"]),
            ("INVALID", ["input", "challenges"]),
            ("OUT_OF_RANGE", ["input", "gcmObjectives", "0"]),
            ("OUT_OF_RANGE", ["input", "gcmObjectives", "2"]),
            ("UNKNOWN_REFERENCE", ["input", "reviewProcess"]),
        ]
    )
    after = (
        await count(session, models.ReviewContribution),
        await count(session, models.AuditEvent),
    )
    assert after == before


async def test_a_partner_cannot_write_for_another_iscm(callers):
    other = await callers.partner.payload(CREATE, {"input": draft(iscm=OTHER_ISCM)})
    assert codes(other["errors"]) == [("FORBIDDEN", ["input", "iscm"])]


async def test_drafts_are_written_any_time_and_submitted_only_in_the_window(callers, session):
    # given a review process whose window has closed: a partner still drafts and edits for it
    created = await callers.partner.ok(CREATE, {"input": draft(reviewProcess=CLOSED_PROCESS)})
    cid = created["contribution"]["id"]
    assert created["contribution"]["status"] == "DRAFT"
    fixed = await callers.partner.ok(
        UPDATE, {"id": cid, "version": 1, "input": {"summary": "Fixed at leisure."}}
    )
    assert fixed["contribution"]["version"] == 2

    # when it submits: refused, and nothing changes
    events = await count(session, models.AuditEvent)
    refused = await callers.partner.payload(SUBMIT, {"id": cid, "version": 2})
    assert codes(refused["errors"]) == [("OUTSIDE_REVIEW_WINDOW", ["id"])]
    assert "accepts submissions from" in refused["errors"][0]["message"]
    assert await count(session, models.AuditEvent) == events

    # then moved to an open review it is submitted; an editor submits outside a window
    moved = await callers.partner.ok(
        UPDATE, {"id": cid, "version": 2, "input": {"reviewProcess": OPEN_PROCESS}}
    )
    submitted = await callers.partner.ok(SUBMIT, {"id": cid, "version": 3})
    assert (
        moved["contribution"]["reviewProcess"]["slug"],
        submitted["contribution"]["status"],
    ) == (
        OPEN_PROCESS,
        "SUBMITTED",
    )
    late = await callers.editor.ok(CREATE, {"input": draft(reviewProcess=CLOSED_PROCESS)})
    late_id = late["contribution"]["id"]
    by_editor = await callers.editor.ok(SUBMIT, {"id": late_id, "version": 1})
    assert by_editor["contribution"]["status"] == "SUBMITTED"


async def test_an_anonymous_write_is_a_top_level_unauthenticated_error(callers, session):
    before = await count(session, models.ReviewContribution)
    body = await callers.anonymous.execute(CREATE, {"input": draft()})
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]
    assert await count(session, models.ReviewContribution) == before


async def test_the_workflow_from_draft_to_published_with_its_history(callers):
    # given a draft
    created = (await callers.partner.ok(CREATE, {"input": draft()}))["contribution"]
    cid = created["id"]

    # when the partner edits and submits it, and an editor publishes it
    edited = (
        await callers.partner.ok(
            UPDATE,
            {"id": cid, "version": 1, "input": {"summary": "Better summary", "level": "REGIONAL"}},
        )
    )["contribution"]
    submitted = (await callers.partner.ok(SUBMIT, {"id": cid, "version": 2}))["contribution"]
    refused = await callers.partner.payload(PUBLISH, {"id": cid})
    published = (await callers.editor.ok(PUBLISH, {"id": cid}))["contribution"]

    # then
    assert (edited["summary"], edited["version"]) == ("Better summary", 2)
    assert (submitted["status"], submitted["version"]) == ("SUBMITTED", 3)
    assert codes(refused["errors"]) == [("FORBIDDEN", ["id"])]
    assert (published["status"], published["version"]) == ("PUBLISHED", 4)

    # and its ISCM's partner reads its whole history
    history = (await callers.partner.data(CONTRIBUTION_HISTORY, {"id": cid}))["node"]["history"]
    assert [h["action"] for h in history] == ["CREATED", "UPDATED", "SUBMITTED", "PUBLISHED"]
    assert history[0]["before"] is None
    assert history[1]["before"]["summary"] == created["summary"]
    assert history[1]["after"]["summary"] == "Better summary"
    assert history[1]["after"]["gcm_objectives"] == [5, 6]
    assert history[1]["actor"].startswith("key:")
    assert history[1]["actorName"] == f"test partner {OWN_ISCM}"
    assert history[3]["after"]["status"] == "PUBLISHED"


async def test_status_transitions_that_are_not_allowed(callers):
    cid = (await callers.partner.ok(CREATE, {"input": draft()}))["contribution"]["id"]

    not_submitted = await callers.editor.payload(PUBLISH, {"id": cid})
    assert codes(not_submitted["errors"]) == [("INVALID_TRANSITION", ["id"])]

    await callers.partner.ok(SUBMIT, {"id": cid, "version": 1})
    again = await callers.partner.payload(SUBMIT, {"id": cid, "version": 2})
    assert codes(again["errors"]) == [("INVALID_TRANSITION", ["id"])]

    await callers.editor.ok(PUBLISH, {"id": cid})
    by_partner = await callers.partner.payload(WITHDRAW, {"id": cid, "reason": "mistake"})
    assert codes(by_partner["errors"]) == [("FORBIDDEN", ["id"])]

    withdrawn = await callers.editor.ok(WITHDRAW, {"id": cid, "reason": "  duplicate  "})
    assert withdrawn["contribution"]["status"] == "WITHDRAWN"

    final = await callers.editor.payload(WITHDRAW, {"id": cid, "reason": "again"})
    assert codes(final["errors"]) == [("INVALID_TRANSITION", ["id"])]
    frozen = await callers.editor.payload(
        UPDATE, {"id": cid, "version": 5, "input": {"title": "x"}}
    )
    assert codes(frozen["errors"]) == [("INVALID_TRANSITION", ["id"])]

    history = (await callers.partner.data(CONTRIBUTION_HISTORY, {"id": cid}))["node"]["history"]
    assert history[-1]["note"] == "duplicate"


async def test_a_stale_expected_version_is_a_conflict_and_changes_nothing(callers):
    cid = (await callers.partner.ok(CREATE, {"input": draft()}))["contribution"]["id"]
    await callers.partner.ok(UPDATE, {"id": cid, "version": 1, "input": {"title": "First edit"}})

    stale = await callers.partner.payload(
        UPDATE, {"id": cid, "version": 1, "input": {"title": "Lost edit"}}
    )

    assert codes(stale["errors"]) == [("CONFLICT", ["expectedVersion"])]
    assert "version 2" in stale["errors"][0]["message"]
    history = (await callers.partner.data(CONTRIBUTION_HISTORY, {"id": cid}))["node"]["history"]
    assert [h["after"]["title"] for h in history] == [draft()["title"], "First edit"]


async def test_drafts_of_other_iscms_are_not_found_for_a_partner(callers, session):
    # given a draft of another ISCM, made by an editor
    cid = (await callers.editor.ok(CREATE, {"input": draft(iscm=OTHER_ISCM)}))["contribution"]["id"]

    # then a partner of OWN_ISCM cannot even tell it exists
    for operation, variables in (
        (UPDATE, {"id": cid, "version": 1, "input": {"title": "mine now"}}),
        (SUBMIT, {"id": cid, "version": 1}),
        (WITHDRAW, {"id": cid, "reason": "no"}),
    ):
        payload = await callers.partner.payload(operation, variables)
        assert codes(payload["errors"]) == [("NOT_FOUND", ["id"])]
    garbage = await callers.partner.payload(WITHDRAW, {"id": "not-an-id", "reason": "no"})
    assert codes(garbage["errors"]) == [("NOT_FOUND", ["id"])]


async def test_an_idempotent_retry_replays_and_a_changed_input_conflicts(callers, session):
    # given
    first = await callers.partner.ok(CREATE, {"input": draft(), "key": "batch-7/row-1"})
    rows = await count(session, models.ReviewContribution)
    events = await count(session, models.AuditEvent)

    # when the same request is retried, with whitespace differences that normalise away
    retry = await callers.partner.ok(
        CREATE, {"input": draft(title=f"  {draft()['title']} "), "key": "batch-7/row-1"}
    )
    changed = await callers.partner.payload(
        CREATE, {"input": draft(title="Another title"), "key": "batch-7/row-1"}
    )

    # then
    assert retry["contribution"]["id"] == first["contribution"]["id"]
    assert codes(changed["errors"]) == [("CONFLICT", ["idempotencyKey"])]
    assert await count(session, models.ReviewContribution) == rows
    assert await count(session, models.AuditEvent) == events

    # and keys are scoped by principal: the editor's same key is a new write
    other = await callers.editor.ok(CREATE, {"input": draft(), "key": "batch-7/row-1"})
    assert other["contribution"]["id"] != first["contribution"]["id"]


async def test_an_atomic_import_stores_all_or_nothing(callers, session):
    before = await count(session, models.ReviewContribution)
    inputs = [draft(title=f"Row {i}") for i in range(3)]
    inputs[1]["gcmObjectives"] = [99]

    failed = await callers.partner.payload(IMPORT, {"inputs": inputs})

    assert failed["importedCount"] == 0
    assert codes(failed["errors"]) == [("OUT_OF_RANGE", ["inputs", "1", "gcmObjectives", "0"])]
    assert [r["contribution"] for r in failed["results"]] == [None, None, None]
    assert [r["outcome"] for r in failed["results"]] == ["ROLLED_BACK", "FAILED", "ROLLED_BACK"]
    assert codes(failed["results"][1]["errors"]) == codes(failed["errors"])
    assert await count(session, models.ReviewContribution) == before

    inputs[1]["gcmObjectives"] = [9]
    stored = await callers.partner.ok(IMPORT, {"inputs": inputs})
    assert stored["importedCount"] == 3
    assert [r["contribution"]["title"] for r in stored["results"]] == ["Row 0", "Row 1", "Row 2"]
    assert await count(session, models.ReviewContribution) == before + 3


async def test_a_non_atomic_import_keeps_the_good_rows_and_replays_idempotently(callers, session):
    before = await count(session, models.ReviewContribution)
    inputs = [
        draft(title="Good"),
        draft(iscm=OTHER_ISCM, title="Not ours"),
        draft(title="Also good"),
    ]

    payload = await callers.partner.ok(IMPORT, {"inputs": inputs, "atomic": False, "key": "csv-1"})

    assert payload["importedCount"] == 2
    assert codes(payload["results"][1]["errors"]) == [("FORBIDDEN", ["inputs", "1", "iscm"])]
    assert await count(session, models.ReviewContribution) == before + 2

    replay = await callers.partner.ok(IMPORT, {"inputs": inputs, "atomic": False, "key": "csv-1"})
    assert replay["results"] == payload["results"]
    assert await count(session, models.ReviewContribution) == before + 2


async def test_an_import_over_the_limit_is_refused_whole(callers, session):
    before = await count(session, models.ReviewContribution)
    payload = await callers.editor.payload(IMPORT, {"inputs": [draft()] * 501})
    assert codes(payload["errors"]) == [("TOO_MANY_ITEMS", ["inputs"])]
    assert payload["results"] == []
    assert await count(session, models.ReviewContribution) == before


async def test_the_audit_trail_refuses_updates_deletes_and_truncation(callers, session):
    # given an event in the trail
    await callers.partner.ok(CREATE, {"input": draft()})
    events = await count(session, models.AuditEvent)
    assert events > 0

    for statement in (
        "UPDATE audit_events SET actor = 'someone else'",
        "DELETE FROM audit_events",
        "DELETE FROM audit_events WHERE false",
        "TRUNCATE audit_events",
    ):
        # when / then: each is refused (inside a savepoint, so the test goes on)
        with pytest.raises(DBAPIError, match="append-only"):
            async with session.begin_nested():
                await session.execute(text(statement))
    assert await count(session, models.AuditEvent) == events
