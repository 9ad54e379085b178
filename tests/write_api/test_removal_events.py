"""Removals reach those who saw the record: `reviewContributionRemovals` on a live server.

A removed (or merged) contribution can no longer be read, so `reviewContributionEvents` sends
nothing for it; those who follow removals get its id, and for a merge the contribution it
went into, if they may see that one. Who is told is who saw it: the matrix below is role by
own/other ISCM by draft/published.
"""

import asyncio
from typing import Any

import httpx

from tests.write_api.conftest import OPEN_PROCESS, OTHER_ISCM, OWN_ISCM
from tests.write_api.live import (
    OutsideWriter,
    committed_key,
    next_event,
    subscribed,
)
from tests.write_api.operations import CREATE, MERGE, PUBLISH, REMOVE, SUBMIT
from tests.write_api.support import WriteClient

REMOVALS = """
subscription Removals($iscm: String) {
  reviewContributionRemovals(iscm: $iscm) {
    __typename action id version mergedInto { __typename id title status }
  }
}
"""

CHANGES = """
subscription Changes($iscm: String) {
  reviewContributionEvents(iscm: $iscm) { action contribution { id title } }
}
"""


async def nothing_more(socket: Any) -> None:
    """Fail if the socket receives anything within a short wait (long enough for a
    notification to go round)."""
    try:
        message = await asyncio.wait_for(socket.recv(), 1.0)
    except TimeoutError:
        return
    raise AssertionError(f"unexpected message: {message}")


async def contribution(caller: WriteClient, title: str, *, publish_with: WriteClient | None) -> str:
    """Create a contribution of OWN_ISCM (as `caller`), published by `publish_with` if given."""
    created = await caller.ok(
        CREATE,
        {
            "input": {
                "iscm": OWN_ISCM,
                "reviewProcess": OPEN_PROCESS,
                "title": title,
                "summary": "S",
            }
        },
    )
    cid: str = created["contribution"]["id"]
    if publish_with is not None:
        await caller.ok(SUBMIT, {"id": cid, "version": 1})
        await publish_with.ok(PUBLISH, {"id": cid})
    return cid


async def test_a_removal_reaches_exactly_those_who_saw_the_contribution(server, committed_session):
    own_partner = await committed_key(committed_session, "partner", [OWN_ISCM])
    other_partner = await committed_key(committed_session, "partner", [OTHER_ISCM])
    editor = await committed_key(committed_session, "editor", [])
    readers = {
        "anonymous": None,
        "own partner": own_partner,
        "other partner": other_partner,
        "editor": editor,
    }
    sockets = {
        name: await subscribed(server, token, None, REMOVALS) for name, token in readers.items()
    }
    own_only = await subscribed(server, None, OTHER_ISCM, REMOVALS)
    changes = await subscribed(server, None, None, CHANGES)
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            partner = WriteClient(http, own_partner)
            editing = WriteClient(http, editor)
            # A draft only its ISCM's partners and editors saw, removed.
            draft = await contribution(partner, "Draft then removed", publish_with=None)
            await editing.ok(REMOVE, {"id": draft, "reason": "entered twice"})
            # Two published duplicates everyone saw, one merged into the other.
            duplicate = await contribution(partner, "Duplicate", publish_with=editing)
            kept = await contribution(partner, "Kept", publish_with=editing)
            await editing.ok(MERGE, {"id": duplicate, "into": kept, "reason": "the same text"})

        field = "reviewContributionRemovals"
        for name in ("own partner", "editor"):
            removed = await next_event(sockets[name], field)
            assert removed == {
                "__typename": "ReviewContributionRemoval",
                "action": "REMOVED",
                "id": draft,
                "version": 2,
                "mergedInto": None,
            }, name
        for name, socket in sockets.items():
            merged = await next_event(socket, field)  # the draft's removal never came before
            assert (merged["action"], merged["id"]) == ("MERGED", duplicate), name
            assert merged["mergedInto"] == {
                "__typename": "ReviewContribution",
                "id": kept,
                "title": "Kept",
                "status": "PUBLISHED",
            }, name
            await nothing_more(socket)
        await nothing_more(own_only)  # another ISCM's subscriber hears of none of it

        # Those who follow changes see the publications and the merge, no removal.
        actions = [
            (event["action"], event["contribution"]["id"])
            for event in [await next_event(changes, "reviewContributionEvents") for _ in range(3)]
        ]
        assert actions == [("PUBLISHED", duplicate), ("PUBLISHED", kept), ("MERGED", kept)]
        await nothing_more(changes)
    finally:
        for socket in [*sockets.values(), own_only, changes]:
            await socket.close()


async def test_a_removal_undone_before_delivery_is_not_announced(server, committed_session):
    # The notification is a hint: the feed reads the row, and a restored one is not removed.
    editor = await committed_key(committed_session, "editor", [])
    socket = await subscribed(server, editor, None, REMOVALS)
    try:
        writer = await OutsideWriter.connect(committed_session)
        try:
            draft = await writer.create_draft(OWN_ISCM, "Never removed")
            # Announced as removed, but the row says otherwise.
            await writer.write(
                "SELECT id, iscm_id, status, version FROM review_contributions WHERE id = $1",
                draft,
                action="REMOVED",
            )
        finally:
            await writer.close()
        await nothing_more(socket)
    finally:
        await socket.close()
