"""Live contribution events for subscriptions: notifications in, visible contributions out.

One ContributionFeed per process listens for committed changes and reads each changed
contribution once per visibility class among its subscribers (the public, the ISCM's
partners, editors), not once per subscriber: a thousand subscribers cost the database what
three do. Each subscriber then receives the row its class may see, and the fields it asked
for are read through the event's SharedReads: subscribers who see alike and ask alike run
one statement between them.

A removal (or a merge into another contribution) leaves nothing to read: those who follow
removals, and saw the contribution before, receive its id, so a client can drop it.
"""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import orjson
from sqlalchemy import Row

from db.notifications import (
    QUEUE_SIZE,
    RECONNECTED,
    ChannelReader,
    Notification,
    NotificationHub,
)
from db.queries import contribution_writes, reference_lookups
from db.queries.contribution_writes import CONTRIBUTION_EVENTS_CHANNEL
from db.session import SessionFactory, SharedReads
from resolvers.authorization import may_see_record
from resolvers.context import Context
from resolvers.contribution_writes import REMOVALS, ContributionAction
from resolvers.errors import ApiError, ErrorCode
from resolvers.principal import Principal
from resolvers.validation import SLUG_MAX, Checker

log = logging.getLogger("iscm_graph.subscriptions")


@dataclass(frozen=True)
class ContributionEvent:
    """A committed change to a contribution the subscriber may see."""

    action: ContributionAction
    version: int
    row: Row[Any]
    # Where the subscribers' reads of this change run, each distinct statement once.
    reads: SharedReads


@dataclass(frozen=True)
class ContributionRemoval:
    """A contribution the subscriber saw, removed or merged into another since."""

    action: ContributionAction  # REMOVED or MERGED_INTO
    contribution_id: int
    version: int
    merged_into: int | None
    # Where the subscribers' reads of the survivor run, each distinct statement once.
    reads: SharedReads


@dataclass(frozen=True)
class Announcement:
    """A notification of a committed change, as the writer sent it."""

    contribution_id: int
    iscm_id: int
    action: ContributionAction
    status: str
    version: int

    @property
    def is_removal(self) -> bool:
        """Whether the change left the contribution invisible to every reader."""
        return self.action in REMOVALS


class Visibility(Enum):
    """What a subscriber may see of one ISCM's contributions: one read serves each class."""

    EVERYTHING = "everything"  # editors and admins
    OWN_ISCM = "own ISCM"  # partners of the contribution's ISCM
    PUBLISHED = "published"  # everyone else


def visibility_for(principal: Principal, iscm_id: int) -> Visibility:
    """Return the class whose read serves `principal` for a contribution of ISCM `iscm_id`."""
    if principal.sees_everything:
        return Visibility.EVERYTHING
    if iscm_id in principal.iscm_ids:
        return Visibility.OWN_ISCM
    return Visibility.PUBLISHED


@dataclass(eq=False)
class Subscriber:
    """One running subscription: who asks, which ISCM (None: all), whether it follows changes
    or removals, and its pending events."""

    principal: Principal
    iscm_id: int | None
    removals: bool = False
    queue: asyncio.Queue[Any] = field(default_factory=lambda: asyncio.Queue(maxsize=QUEUE_SIZE))

    def wants(self, announcement: Announcement) -> bool:
        """Whether the change concerns this subscriber and, as announced, it may see it (a
        removed contribution as it was before)."""
        if announcement.is_removal != self.removals:
            return False
        if self.iscm_id is not None and announcement.iscm_id != self.iscm_id:
            return False
        return may_see_record(
            self.principal, iscm_id=announcement.iscm_id, status=announcement.status
        )

    def deliver(self, event: ContributionEvent | ContributionRemoval) -> None:
        """Queue the event; a subscriber that stopped reading loses its oldest one."""
        if self.queue.full():
            self.queue.get_nowait()
            log.warning("subscriptions.subscriber_lagging")
        self.queue.put_nowait(event)


def parse(payload: str) -> Announcement | None:
    """Decode a notification, or None when it is not one of ours."""
    try:
        event = orjson.loads(payload)
        return Announcement(
            contribution_id=int(event["id"]),
            iscm_id=int(event["iscm_id"]),
            action=ContributionAction(event["action"]),
            status=str(event.get("status", "")),
            version=int(event.get("version", 0)),
        )
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        log.warning("subscriptions.bad_notification payload=%.200s", payload)
        return None


class ContributionFeed:
    """This process's subscribers to contribution events, fed by one reader."""

    def __init__(self, hub: NotificationHub, session_factory: SessionFactory) -> None:
        self._session_factory = session_factory
        self._subscribers: set[Subscriber] = set()
        self._reader = ChannelReader(hub, CONTRIBUTION_EVENTS_CHANNEL, self._on_notification)

    @property
    def subscriber_count(self) -> int:
        """How many subscriptions are running."""
        return len(self._subscribers)

    @asynccontextmanager
    async def subscribe(
        self, principal: Principal, iscm_id: int | None, *, removals: bool = False
    ) -> AsyncIterator[Subscriber]:
        """Attach a subscriber; every change (or removal) committed after entry reaches it
        (LISTEN is on)."""
        subscriber = Subscriber(principal, iscm_id, removals)
        self._subscribers.add(subscriber)
        try:
            await self._reader.start()
            yield subscriber
        finally:
            self._subscribers.discard(subscriber)

    async def _on_notification(self, payload: Notification) -> None:
        announcement = parse(payload) if payload is not RECONNECTED else None
        if announcement is not None:
            await self._dispatch(announcement)

    async def _dispatch(self, announcement: Announcement) -> None:
        """Read the contribution once per visibility class among those who want it; deliver."""
        if announcement.is_removal:
            await self._dispatch_removal(announcement)
            return
        classes: dict[Visibility, list[Subscriber]] = {}
        for subscriber in self._subscribers:
            if subscriber.wants(announcement):
                visibility = visibility_for(subscriber.principal, announcement.iscm_id)
                classes.setdefault(visibility, []).append(subscriber)
        if not classes:
            return
        reads = SharedReads(self._session_factory)
        async with self._session_factory() as session:
            for members in classes.values():
                # Any member's principal stands for the class: for this contribution they see
                # the same, and the read applies the query visibility rule.
                principal = members[0].principal
                row = await contribution_writes.visible_contribution(
                    session,
                    announcement.contribution_id,
                    sees_everything=principal.sees_everything,
                    own_iscm_ids=principal.iscm_ids,
                )
                if row is None:
                    continue
                event = ContributionEvent(announcement.action, announcement.version, row, reads)
                for subscriber in members:
                    # Checked again on the row as read: a notification is a hint, not a proof.
                    if may_see_record(
                        subscriber.principal,
                        iscm_id=row.iscm_id,
                        status=row.status,
                        removed=row.deleted_at is not None,
                    ):
                        subscriber.deliver(event)

    async def _dispatch_removal(self, announcement: Announcement) -> None:
        """Tell those who saw the contribution that it is gone, once the database confirms it."""
        wanting = [s for s in self._subscribers if s.wants(announcement)]
        if not wanting:
            return
        async with self._session_factory() as session:
            row = await contribution_writes.removed_contribution(
                session, announcement.contribution_id
            )
        if row is None:
            return  # restored since, or never removed: a notification is a hint, not a proof
        removal = ContributionRemoval(
            announcement.action,
            row.id,
            row.version,
            row.merged_into_id,
            SharedReads(self._session_factory),
        )
        for subscriber in wanting:
            # Checked again on the row as read: who saw it before it was removed.
            if may_see_record(subscriber.principal, iscm_id=row.iscm_id, status=row.status):
                subscriber.deliver(removal)

    async def close(self) -> None:
        """Stop reading."""
        await self._reader.close()


def feed_of(context: Context) -> ContributionFeed:
    """Return the process's contribution feed (made by the app's lifespan)."""
    return context.request.state.contribution_feed


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


def contribution_events(context: Context, iscm: str | None) -> AsyncIterator[ContributionEvent]:
    """Yield committed contribution changes (of one ISCM, or all) the principal may see."""
    return _followed(context, iscm, removals=False)


def contribution_removals(context: Context, iscm: str | None) -> AsyncIterator[ContributionRemoval]:
    """Yield removals of contributions (of one ISCM, or all) the principal saw before."""
    return _followed(context, iscm, removals=True)


async def _followed(context: Context, iscm: str | None, *, removals: bool) -> AsyncIterator[Any]:
    iscm_id = await iscm_filter(context, iscm)
    feed = feed_of(context)
    async with feed.subscribe(context.principal, iscm_id, removals=removals) as subscriber:
        while True:
            yield await subscriber.queue.get()
