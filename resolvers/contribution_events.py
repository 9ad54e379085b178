"""Live contribution events for subscriptions: notifications in, visible contributions out."""

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Row

from db.notifications import NotificationHub
from db.queries import contribution_writes, reference_lookups
from resolvers.authorization import may_see_contribution
from resolvers.context import Context
from resolvers.contribution_writes import ContributionAction
from resolvers.errors import ApiError, ErrorCode
from resolvers.validation import SLUG_MAX, Checker

log = logging.getLogger("iscm_graph.subscriptions")


@dataclass(frozen=True)
class ContributionEvent:
    """A committed change to a contribution the subscriber may see."""

    action: ContributionAction
    version: int
    row: Row[Any]


def hub_of(context: Context) -> NotificationHub:
    """Return the process's contribution-event hub (made by the app's lifespan)."""
    return context.request.state.contribution_events


async def iscm_filter(context: Context, slug: str | None) -> int | None:
    """Return the id of the ISCM to filter on, or raise NOT_FOUND for an unknown slug."""
    if slug is None:
        return None
    checker = Checker(())
    clean = checker.text("iscm", slug, required=True, max_length=SLUG_MAX)
    row = None
    if clean is not None:
        async with context.db.use() as session:
            row = await reference_lookups.iscm_by_slug(session, clean)
            await session.rollback()
    if row is None:
        raise ApiError(ErrorCode.NOT_FOUND, f"there is no ISCM {slug!r}", argument="iscm")
    return row.id


def parse(payload: str) -> dict[str, Any] | None:
    """Decode a notification, or None when it is not one of ours."""
    try:
        event = orjson.loads(payload)
        ContributionAction(event["action"])
        int(event["id"])
        int(event["iscm_id"])
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        log.warning("subscriptions.bad_notification payload=%.200s", payload)
        return None
    return event


async def contribution_events(
    context: Context, iscm: str | None
) -> AsyncIterator[ContributionEvent]:
    """Yield committed contribution changes (of one ISCM, or all) the principal may see."""
    iscm_id = await iscm_filter(context, iscm)
    principal = context.principal
    async with hub_of(context).subscribe() as queue:
        while True:
            event = parse(await queue.get())
            if event is None or (iscm_id is not None and event["iscm_id"] != iscm_id):
                continue
            if not may_see_contribution(
                principal, iscm_id=event["iscm_id"], status=event.get("status", "")
            ):
                continue
            # Re-read under the query visibility rule; release the connection between events.
            async with context.db.use() as session:
                row = await contribution_writes.visible_contribution(
                    session,
                    event["id"],
                    sees_everything=principal.sees_everything,
                    own_iscm_ids=principal.iscm_ids,
                )
                await session.rollback()
            if row is not None:
                yield ContributionEvent(
                    ContributionAction(event["action"]), int(event.get("version", 0)), row
                )
