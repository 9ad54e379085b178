"""Editors open and maintain review processes: each change cites a source, is audited and
versioned, and `iscm-graph seed` keeps it; submitting follows the window they set."""

from datetime import timedelta

from sqlalchemy import select

from db import models
from db.reference_data import load_reference_data
from tests.write_api.conftest import CLOSED_PROCESS, OPEN_PROCESS, OWN_ISCM, Callers
from tests.write_api.operations import CREATE, CREATE_PROCESS, SUBMIT, UPDATE_PROCESS
from tests.write_api.support import today
from tests.write_api.test_contribution_mutations import codes, count

SOURCE = "https://www.un.org/en/migration2030/announcement"
PAGE = "https://www.un.org/en/migration2030"


def new_process(**overrides) -> dict:
    now = today().date()
    return {
        "slug": "imrf-2030",
        "name": "International Migration Review Forum 2030",
        "kind": "GLOBAL",
        "year": 2030,
        "opensOn": (now - timedelta(days=1)).isoformat(),
        "closesOn": (now + timedelta(days=90)).isoformat(),
        "windowStatus": "OFFICIAL",
        "description": "The third International Migration Review Forum.",
        "url": PAGE,
        **overrides,
    }


async def test_an_editor_opens_a_review_process_partners_submit_to(callers: Callers):
    # when an editor opens a review process, citing the announcement
    opened = await callers.editor.ok(CREATE_PROCESS, {"input": new_process(), "source": SOURCE})

    # then it is stored as given, open, with its source and official page
    process = opened["reviewProcess"]
    assert process == {
        "slug": "imrf-2030",
        "name": "International Migration Review Forum 2030",
        "kind": "GLOBAL",
        "regionalCommission": None,
        "year": 2030,
        "opensOn": new_process()["opensOn"],
        "closesOn": new_process()["closesOn"],
        "windowStatus": "OFFICIAL",
        "url": PAGE,
        "sources": [SOURCE],
        "version": 1,
        "isOpen": True,
    }
    # and a partner's draft is submitted to it
    created = await callers.partner.ok(
        CREATE,
        {
            "input": {
                "iscm": OWN_ISCM,
                "reviewProcess": "imrf-2030",
                "title": "Bali Process input to the IMRF 2030",
                "summary": "Regional cooperation.",
            }
        },
    )
    submitted = await callers.partner.ok(
        SUBMIT, {"id": created["contribution"]["id"], "version": 1}
    )
    assert submitted["contribution"]["status"] == "SUBMITTED"
    # the audit trail holds the change and its source
    log = await callers.admin.data(
        '{ auditEvents(filter: {entity: "review_process"}) { edges { node { action entityId note } } } }'
    )
    assert [e["node"] for e in log["auditEvents"]["edges"]] == [
        {"action": "CREATED", "entityId": "imrf-2030", "note": SOURCE}
    ]


async def test_an_editor_extends_a_closed_window_so_a_draft_can_be_submitted(callers: Callers):
    # given a partner's draft to a review whose window closed
    created = await callers.partner.ok(
        CREATE,
        {
            "input": {
                "iscm": OWN_ISCM,
                "reviewProcess": CLOSED_PROCESS,
                "title": "Late input",
                "summary": "Written after the window closed.",
            }
        },
    )
    cid = created["contribution"]["id"]
    refused = await callers.partner.payload(SUBMIT, {"id": cid, "version": 1})
    assert codes(refused["errors"]) == [("OUTSIDE_REVIEW_WINDOW", ["id"])]

    # when an editor extends the window, marking it official
    closes_on = (today().date() + timedelta(days=10)).isoformat()
    updated = await callers.editor.ok(
        UPDATE_PROCESS,
        {
            "slug": CLOSED_PROCESS,
            "version": 1,
            "input": {"closesOn": closes_on, "windowStatus": "OFFICIAL", "url": PAGE},
            "source": SOURCE,
        },
    )

    # then the process says so, and the draft is submitted
    process = updated["reviewProcess"]
    assert (process["closesOn"], process["windowStatus"], process["isOpen"]) == (
        closes_on,
        "OFFICIAL",
        True,
    )
    assert (process["version"], process["sources"], process["url"]) == (2, [SOURCE], PAGE)
    submitted = await callers.partner.ok(SUBMIT, {"id": cid, "version": 1})
    assert submitted["contribution"]["status"] == "SUBMITTED"


async def test_review_process_input_is_checked_whole_and_nothing_is_written(
    callers: Callers, session
):
    events = await count(session, models.AuditEvent)
    processes = await count(session, models.ReviewProcess)

    bad = await callers.editor.payload(
        CREATE_PROCESS,
        {
            "input": new_process(
                slug="IMRF 2030",
                kind="REGIONAL",
                regionalCommission="XYZ",
                year=1999,
                closesOn="2000-01-01",
                url="ftp://example.org",
            ),
            "source": "not a url",
        },
    )
    taken = await callers.editor.payload(
        CREATE_PROCESS, {"input": new_process(slug=OPEN_PROCESS), "source": SOURCE}
    )
    unled = await callers.editor.payload(
        CREATE_PROCESS, {"input": new_process(kind="REGIONAL"), "source": SOURCE}
    )
    stale = await callers.editor.payload(
        UPDATE_PROCESS,
        {"slug": OPEN_PROCESS, "version": 7, "input": {"name": "Renamed"}, "source": SOURCE},
    )
    unknown = await callers.editor.payload(
        UPDATE_PROCESS,
        {"slug": "no-such-review", "version": 1, "input": {"name": "x"}, "source": SOURCE},
    )
    partner = await callers.partner.payload(
        CREATE_PROCESS, {"input": new_process(), "source": SOURCE}
    )

    assert sorted(codes(bad["errors"])) == sorted(
        [
            ("INVALID", ["input", "slug"]),
            ("OUT_OF_RANGE", ["input", "year"]),
            ("INVALID", ["input", "url"]),
            ("INVALID", ["input", "closesOn"]),
            ("UNKNOWN_REFERENCE", ["input", "regionalCommission"]),
            ("INVALID", ["source"]),
        ]
    )
    assert codes(taken["errors"]) == [("CONFLICT", ["input", "slug"])]
    assert codes(unled["errors"]) == [("REQUIRED", ["input", "regionalCommission"])]
    assert codes(stale["errors"]) == [("CONFLICT", ["expectedVersion"])]
    assert codes(unknown["errors"]) == [("NOT_FOUND", ["slug"])]
    assert codes(partner["errors"]) == [("FORBIDDEN", ["input"])]
    assert await count(session, models.AuditEvent) == events
    assert await count(session, models.ReviewProcess) == processes


async def test_seed_keeps_a_review_process_an_editor_changed(callers: Callers, session):
    # given a seeded process whose window an editor marked official and moved
    await callers.editor.ok(
        UPDATE_PROCESS,
        {
            "slug": "imrf-2026",
            "version": 1,
            "input": {"closesOn": "2027-03-31", "windowStatus": "OFFICIAL"},
            "source": SOURCE,
        },
    )

    # when the reference data is loaded again
    report = await load_reference_data(session)

    # then the change stays, and the report says so
    process = (
        await session.execute(
            select(models.ReviewProcess).where(models.ReviewProcess.slug == "imrf-2026")
        )
    ).scalar_one()
    await session.refresh(process)
    assert (process.closes_on.isoformat(), process.window_status) == ("2027-03-31", "OFFICIAL")
    kept = report.table("review_processes").kept_api_changes
    assert any(line.startswith("imrf-2026: closes_on") for line in kept), kept


async def test_a_window_is_indicative_until_an_editor_marks_it_official(callers: Callers):
    # given a process opened without saying whose dates these are, nor its page
    given = {k: v for k, v in new_process().items() if k not in ("windowStatus", "url")}
    created = await callers.editor.ok(CREATE_PROCESS, {"input": given, "source": SOURCE})
    assert (created["reviewProcess"]["windowStatus"], created["reviewProcess"]["url"]) == (
        "INDICATIVE",
        None,
    )

    # when an editor marks the window official and sets its official page, then clears it
    marked = await callers.editor.ok(
        UPDATE_PROCESS,
        {
            "slug": "imrf-2030",
            "version": 1,
            "input": {"windowStatus": "OFFICIAL", "url": PAGE},
            "source": SOURCE,
        },
    )
    cleared = await callers.editor.ok(
        UPDATE_PROCESS,
        {"slug": "imrf-2030", "version": 2, "input": {"url": None}, "source": SOURCE},
    )
    uncleared = await callers.editor.payload(
        UPDATE_PROCESS,
        {"slug": "imrf-2030", "version": 3, "input": {"windowStatus": None}, "source": SOURCE},
    )

    # then every reader is served both, as the editor left them
    assert (marked["reviewProcess"]["windowStatus"], marked["reviewProcess"]["url"]) == (
        "OFFICIAL",
        PAGE,
    )
    assert cleared["reviewProcess"]["url"] is None
    assert codes(uncleared["errors"]) == [("REQUIRED", ["input", "windowStatus"])]
    public = await callers.anonymous.data(
        '{ reviewProcess(slug: "imrf-2030") { windowStatus url version } }'
    )
    assert public["reviewProcess"] == {"windowStatus": "OFFICIAL", "url": None, "version": 3}
