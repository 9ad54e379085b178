"""This process's open WebSockets by who holds them, and each client's running subscriptions.

Revoking a key (db.queries.api_keys.revoke_key, which `iscm-graph keys revoke` calls)
announces it with NOTIFY on commit. Every process hears it on its one listening connection
and closes that key's sockets here, with 4403. A listener that lost its connection may have
missed announcements: once it is back, the keys of all open sockets are read again.
"""

import logging
from collections import Counter
from typing import Protocol

from db.notifications import RECONNECTED, ChannelReader, NotificationHub
from db.queries import api_keys
from db.queries.api_keys import API_KEY_REVOCATIONS_CHANNEL
from db.session import SessionFactory
from service.api_keys import KEY_SUBJECT_PREFIX, key_subject

log = logging.getLogger("iscm_graph.live_sockets")

REVOKED = "the API key was revoked"


class GuardedSocket(Protocol):
    """An open WebSocket that can be closed because its credentials no longer hold."""

    async def refuse(self, reason: str, operation_id: str | None = None) -> None:
        """Stop its operations and close it with 4403."""
        ...


class LiveSockets:
    """Who holds each open WebSocket of this process; how many subscriptions each client runs."""

    def __init__(
        self, hub: NotificationHub, session_factory: SessionFactory, max_subscriptions: int
    ) -> None:
        self.max_subscriptions_per_client = max_subscriptions
        self._session_factory = session_factory
        self._by_subject: dict[str, set[GuardedSocket]] = {}
        self._subscriptions: Counter[str] = Counter()
        self._revocations = ChannelReader(hub, API_KEY_REVOCATIONS_CHANNEL, self._on_revocation)

    async def watch_revocations(self) -> None:
        """Make sure revocations are heard: LISTEN is on when this returns (TimeoutError if
        the database cannot be reached).

        Call it before reading a key, so that a revocation committed after the read is heard.
        """
        await self._revocations.start()

    def add(self, subject: str, socket: GuardedSocket) -> None:
        """Remember that `socket` holds the credentials of `subject`."""
        self._by_subject.setdefault(subject, set()).add(socket)

    def discard(self, subject: str, socket: GuardedSocket) -> None:
        """Forget `socket` (it closed)."""
        sockets = self._by_subject.get(subject)
        if sockets is not None:
            sockets.discard(socket)
            if not sockets:
                del self._by_subject[subject]

    def take_subscription(self, client: str) -> bool:
        """Count one more subscription for `client`, unless it already runs the most allowed."""
        if self._subscriptions[client] >= self.max_subscriptions_per_client:
            return False
        self._subscriptions[client] += 1
        return True

    def release_subscription(self, client: str) -> None:
        """Count one subscription of `client` less (it ended)."""
        self._subscriptions[client] -= 1
        if self._subscriptions[client] <= 0:
            del self._subscriptions[client]

    async def close_subject(self, subject: str, reason: str) -> None:
        """Close every socket that holds the credentials of `subject`."""
        for socket in list(self._by_subject.get(subject, ())):
            await socket.refuse(reason)

    async def _on_revocation(self, key_id: str | None) -> None:
        if key_id is RECONNECTED:
            await self._recheck_keys()
        else:
            await self.close_subject(key_subject(key_id), REVOKED)

    async def _recheck_keys(self) -> None:
        """Close the sockets whose key was revoked while the listener was away."""
        held = {
            subject.removeprefix(KEY_SUBJECT_PREFIX)
            for subject in self._by_subject
            if subject.startswith(KEY_SUBJECT_PREFIX)
        }
        if not held:
            return
        async with self._session_factory() as session:
            active = await api_keys.active_key_ids(session, held)
        for key_id in held - active:
            await self.close_subject(key_subject(key_id), REVOKED)

    async def close(self) -> None:
        """Stop hearing revocations."""
        await self._revocations.close()
