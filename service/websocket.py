"""graphql-transport-ws as this service speaks it: each operation is admitted afresh.

Strawberry's handler runs the protocol; this subclass checks every `subscribe` message
(queries and mutations sent over the socket included) before the operation runs:

- the rate limit, from the same buckets as HTTP (per API key or JWT subject, else per
  address): beyond it the operation gets an `error` message with code RATE_LIMITED and
  `retryAfter`;
- the credentials, read again: a revoked key or an expired token gets an `error` message with
  code UNAUTHENTICATED, every operation of the socket stops, and the socket is closed with
  4403 (Forbidden), as a bad token at `connection_init` is;
- the subscriptions the client runs in this process (ISCM_MAX_SUBSCRIPTIONS_PER_CLIENT):
  beyond them the subscription gets an `error` message with code TOO_MANY_SUBSCRIPTIONS.

Between operations, an acknowledged socket is closed the same way (4403) when its API key is
revoked (service/live_sockets.py) or when its token expires.
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Mapping
from typing import Any, cast

from graphql import OperationDefinitionNode, OperationType
from sqlalchemy.exc import SQLAlchemyError
from starlette.types import Scope
from strawberry.http import GraphQLRequestData
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    Message,
    SubscribeMessage,
)

from resolvers.context import ApiConfig, Context
from resolvers.errors import ErrorCode
from service.auth import AuthenticationFailed, authorization_of, websocket_principal
from service.graphql_http import selected_operation
from service.live_sockets import LiveSockets
from service.middleware import graphql_error
from service.ratelimit import limiter_of, principal_bucket, rate_limited_message

log = logging.getLogger("iscm_graph.websocket")

FORBIDDEN = 4403
BAD_REQUEST = 4400
MAX_CLOSE_REASON_BYTES = 123  # what a WebSocket close frame can carry
EXPIRED = "the token expired"


def is_subscription(payload: Mapping[str, Any], config: ApiConfig) -> bool:
    """Whether the operation a `subscribe` payload selects is a subscription."""
    request = GraphQLRequestData(
        query=payload["query"],
        variables=None,
        operation_name=payload.get("operationName"),
        extensions=None,
    )
    operation = selected_operation(request, config)
    return (
        isinstance(operation, OperationDefinitionNode)
        and operation.operation is OperationType.SUBSCRIPTION
    )


def well_formed(message: SubscribeMessage) -> bool:
    """Whether a `subscribe` message has an id and a payload of the types the protocol says."""
    payload: Any = message.get("payload")
    return (
        isinstance(message.get("id"), str)
        and isinstance(payload, dict)
        and isinstance(payload.get("query"), str)
        and isinstance(payload.get("operationName"), str | None)
        and isinstance(payload.get("variables"), dict | None)
    )


class GuardedTransportWsHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """graphql-transport-ws with rate limits, identity rechecks and a subscription cap."""

    # Set once the socket is acknowledged: the rate-limit bucket (kind, key), whose key also
    # names the client whose subscriptions are counted.
    client: tuple[str, str] | None = None
    refused = False
    expiry: asyncio.Task[None] | None = None

    @property
    def scope(self) -> Scope:
        """The socket's ASGI scope."""
        return self.context.request.scope

    @property
    def sockets(self) -> LiveSockets:
        """The process's registry of open sockets (made by the app's lifespan)."""
        return self.context.request.state.live_sockets

    async def handle_message(self, message: Message) -> None:
        """Ignore what a refused socket still receives while it closes."""
        if not self.refused:
            await super().handle_message(message)

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        """Authenticate (LISTEN for revocations first), then register the socket."""
        payload = message.get("payload")
        params = payload if isinstance(payload, dict) else None
        if authorization_of(self.context.request.headers, params) is not None:
            try:
                await self.sockets.watch_revocations()
            except TimeoutError:
                # Each operation still reads the key again; only the push is missing.
                log.warning("websocket.revocations_unheard")
        await super().handle_connection_init(message)
        if self.connection_acknowledged and self.client is None:
            self.on_acknowledged()

    def on_acknowledged(self) -> None:
        """Register the socket under its principal and schedule its token's expiry."""
        principal = self.context.principal
        self.client = principal_bucket(principal, self.scope)
        if principal.subject is not None:
            self.sockets.add(principal.subject, self)
        if principal.valid_until is not None:
            self.expiry = asyncio.create_task(self.refuse_at(principal.valid_until))

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        """Admit the operation (rate limit, credentials, subscription cap), then run it."""
        if self.client is None:
            await super().handle_subscribe(message)  # not acknowledged: the protocol's 4401
            return
        if not well_formed(message):
            await self.websocket.close(BAD_REQUEST, "Invalid subscribe message")
            return
        if message["id"] in self.operations:
            await super().handle_subscribe(message)  # a duplicate id: the protocol's 4409
            return
        operation_id = message["id"]
        if not await self.within_rate_limit(operation_id) or not await self.identity_holds(
            operation_id
        ):
            return
        if not is_subscription(message["payload"], self.context.config):
            await super().handle_subscribe(message)
            return
        client = self.client[1]
        if not self.sockets.take_subscription(client):
            maximum = self.sockets.max_subscriptions_per_client
            await self.send_error(
                operation_id,
                ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                f"Too many subscriptions: at most {maximum} may run at once per client.",
                maximum=maximum,
            )
            return
        try:
            await super().handle_subscribe(message)
        finally:
            self.release_when_done(operation_id, client)

    def release_when_done(self, operation_id: str, client: str) -> None:
        """Give the client's subscription slot back when the operation ends (now if it did not
        start)."""
        operation = self.operations.get(operation_id)
        if operation is None or operation.task is None:
            self.sockets.release_subscription(client)
        else:
            operation.task.add_done_callback(lambda _: self.sockets.release_subscription(client))

    async def within_rate_limit(self, operation_id: str) -> bool:
        """Take a token for the operation; answer it RATE_LIMITED when the bucket is empty."""
        limiter = limiter_of(self.scope)
        if limiter is None or self.client is None:
            return True
        decision = await limiter.take(*self.client)
        if decision.allowed:
            return True
        retry_after = decision.retry_after_seconds
        await self.send_error(
            operation_id,
            ErrorCode.RATE_LIMITED,
            rate_limited_message(retry_after),
            retryAfter=retry_after,
        )
        return False

    async def identity_holds(self, operation_id: str) -> bool:
        """Read the socket's credentials again; refuse the socket when they no longer hold."""
        if self.context.principal.is_anonymous:
            return True
        try:
            await websocket_principal(self.context)
        except AuthenticationFailed as failure:
            await self.refuse(str(failure), operation_id)
            return False
        except (SQLAlchemyError, OSError) as error:
            # Unchecked credentials run nothing; the socket stays for when the database is back.
            log.warning("websocket.identity_unchecked error=%s", type(error).__name__)
            await self.send_error(
                operation_id,
                ErrorCode.INTERNAL_SERVER_ERROR,
                "The credentials could not be checked; try again.",
            )
            return False
        return not self.refused  # revoked or expired while the check ran

    async def refuse_at(self, valid_until: float) -> None:
        """Refuse the socket when its token expires."""
        await asyncio.sleep(max(0.0, valid_until - time.time()))
        await self.refuse(EXPIRED)

    async def refuse(self, reason: str, operation_id: str | None = None) -> None:
        """Stop every operation and close the socket with 4403: its credentials no longer hold.

        `operation_id`, the operation that found out, gets an UNAUTHENTICATED error first.
        """
        if self.refused:
            return
        self.refused = True
        log.info(
            "auth.websocket_refused subject=%s reason=%s", self.context.principal.subject, reason
        )
        for running in list(self.operations):
            await self.cleanup_operation(running)
        with contextlib.suppress(Exception):  # a socket that already went is fine
            if operation_id is not None:
                await self.send_error(operation_id, ErrorCode.UNAUTHENTICATED, reason)
            close_reason = f"Forbidden: {reason}".encode()[:MAX_CLOSE_REASON_BYTES]
            await self.websocket.close(FORBIDDEN, close_reason.decode(errors="ignore"))

    async def send_error(
        self, operation_id: str, code: ErrorCode, message: str, **details: object
    ) -> None:
        """Answer one operation with an `error` message holding one GraphQL error."""
        error = graphql_error(code, message, **details)
        await self.send_message(
            cast("Message", {"id": operation_id, "type": "error", "payload": [error]})
        )

    async def shutdown(self) -> None:
        """Forget the socket and its expiry, then stop its operations."""
        if self.expiry is not None:
            self.expiry.cancel()
        subject = self.context.principal.subject
        if self.client is not None and subject is not None:
            self.sockets.discard(subject, self)
        await super().shutdown()
