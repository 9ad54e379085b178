"""WebSockets against hostile clients, on a live server: revocation, expiry, limits, fan-out.

Every operation sent over a socket is admitted afresh (rate limit, credentials, subscription
cap); a revoked key or an expired token closes the socket with 4403; one committed change
is read once per visibility class, however many subscribe.
"""

import asyncio
import sys
import time

import httpx
import pytest
import websockets
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import event, func, select, text
from websockets.typing import Subprotocol

from db import models
from db.notifications import LISTENER_APPLICATION_NAME
from db.session import DRIVER_STATEMENT_LISTENERS
from service.api_keys import key_id_of
from service.auth import JWT_LEEWAY_SECONDS
from service.settings import Settings
from tests.write_api.conftest import OPEN_PROCESS, OTHER_ISCM, OWN_ISCM
from tests.write_api.live import (
    SUBSCRIBE,
    WAIT_SECONDS,
    OutsideWriter,
    closed_with,
    committed_key,
    next_event,
    open_socket,
    receive,
    run,
    running_subscriptions,
    send_operation,
    subscribed,
    subscriptions_reach,
)
from tests.write_api.operations import CREATE
from tests.write_api.support import (
    AUDIENCE,
    ISSUER,
    live_server,
    public_pem,
    token_for,
)

QUERY = "{ gcmObjectives { number } }"


async def test_a_key_revoked_on_the_command_line_closes_its_socket_and_ends_its_subscription(
    server, committed_session, committed_database_url
):
    # given a partner's subscription that receives its ISCM's drafts
    token = await committed_key(committed_session, "partner", [OWN_ISCM])
    key_id = key_id_of(token)
    assert key_id is not None
    before = running_subscriptions(server)
    socket = await subscribed(server, token, OWN_ISCM)
    writer = await OutsideWriter.connect(committed_session)
    try:
        await writer.create_draft(OWN_ISCM, "Before revocation")
        assert (await next_event(socket))["contribution"]["title"] == "Before revocation"

        # when the key is revoked by another process (the command line, its own connection)
        code, _, err = await run(
            sys.executable,
            "-m",
            "service.cli",
            "keys",
            "revoke",
            key_id,
            env={"DATABASE_URL": committed_database_url},
        )
        assert code == 0, err

        # then the socket is closed with 4403, its subscription ended
        assert await closed_with(socket) == (4403, "Forbidden: the API key was revoked")
        await subscriptions_reach(server, before)

        # and a new socket with the key is refused at once
        assert await open_socket_refused(server.url, token) == 4403
    finally:
        await writer.close()
        await socket.close()


async def open_socket_refused(url: str, token: str) -> int:
    """Open a socket with `token`, expecting `connection_init` to be refused; return the code."""
    with pytest.raises(websockets.ConnectionClosed) as refused:
        await open_socket(url, token)
    assert refused.value.rcvd is not None
    return refused.value.rcvd.code


async def revoke_unannounced(session, token: str) -> None:
    """Revoke the key of `token` with a plain UPDATE: no NOTIFY tells the service."""
    await session.execute(
        text("UPDATE api_keys SET revoked_at = now() WHERE key_id = :key_id"),
        {"key_id": key_id_of(token)},
    )
    await session.commit()


async def test_a_write_over_the_socket_of_a_revoked_key_is_refused_and_writes_nothing(
    server, committed_session
):
    # given an open socket of a partner key, revoked without any announcement (an UPDATE
    # in SQL), so that only the check of each operation can notice
    token = await committed_key(committed_session, "partner", [OWN_ISCM])
    socket = await open_socket(server.url, token)
    try:
        await revoke_unannounced(committed_session, token)

        # when it sends a mutation
        title = "Written after revocation"
        variables = {
            "input": {
                "iscm": OWN_ISCM,
                "reviewProcess": OPEN_PROCESS,
                "title": title,
                "summary": "S",
            }
        }
        await send_operation(socket, "write", CREATE, variables)

        # then the operation is refused as UNAUTHENTICATED and the socket closed with 4403
        refused = await receive(socket)
        assert refused["type"] == "error", refused
        assert refused["id"] == "write"
        assert [e["extensions"]["code"] for e in refused["payload"]] == ["UNAUTHENTICATED"]
        code, _ = await closed_with(socket)
        assert code == 4403

        # and nothing was written: no draft, no audit row
        drafts = select(func.count()).where(models.ReviewContribution.title == title)
        assert (await committed_session.execute(drafts)).scalar_one() == 0
        audits = select(func.count()).where(models.AuditEvent.actor == f"key:{key_id_of(token)}")
        assert (await committed_session.execute(audits)).scalar_one() == 0
    finally:
        await committed_session.rollback()
        await socket.close()


async def test_a_revocation_missed_while_the_listener_was_down_still_closes_the_socket(
    server, committed_session
):
    # given an open socket of a key, revoked without an announcement (as if the announcement
    # had come while the process's listening connection was down)
    token = await committed_key(committed_session, "editor", [])
    socket = await open_socket(server.url, token)
    try:
        await revoke_unannounced(committed_session, token)

        # when the listening connection is lost (here: terminated by PostgreSQL)
        terminated = await committed_session.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE application_name = :name AND datname = current_database()"
            ),
            {"name": LISTENER_APPLICATION_NAME},
        )
        assert terminated.scalar_one() == 1
        await committed_session.commit()

        # then once it is back, the keys of open sockets are read again and the socket closed
        assert await closed_with(socket) == (4403, "Forbidden: the API key was revoked")
    finally:
        await socket.close()


async def test_a_tokens_socket_closes_when_the_token_expires(committed_database_url):
    # given a server accepting JWTs, and a token that HTTP still accepts for about 2 seconds
    # (its `exp` has passed by less than the clock-skew leeway)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    settings = Settings(
        database_url=committed_database_url,
        jwt_public_key=public_pem(key),
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
    )
    token = token_for(key, exp=int(time.time()) - JWT_LEEWAY_SECONDS + 2)
    async with live_server(settings) as server:
        socket = await subscribed(server, token, OWN_ISCM)
        try:
            # then the socket closes with 4403 when the token expires, ending the subscription
            assert await closed_with(socket) == (4403, "Forbidden: the token expired")
            assert running_subscriptions(server) == 0

            # as HTTP refuses it from then on
            async with httpx.AsyncClient(base_url=server.url) as http:
                response = await http.post(
                    "/graphql",
                    json={"query": QUERY},
                    headers={"Authorization": f"Bearer {token}"},
                )
            assert response.status_code == 401
        finally:
            await socket.close()


async def test_operations_over_a_socket_draw_from_the_rate_limits(
    committed_database_url, committed_session
):
    # given limits of 3 requests per minute per address and 2 per key
    settings = Settings(
        database_url=committed_database_url,
        rate_limit_anonymous_per_minute=3,
        rate_limit_per_minute=2,
    )
    token = await committed_key(committed_session, "partner", [OWN_ISCM])
    async with live_server(settings) as server:
        anonymous = await open_socket(server.url, None)  # the handshake takes one
        keyed = await open_socket(server.url, token)  # and another, from the address too
        try:
            # when the anonymous socket sends two operations, the address's last one runs
            await send_operation(anonymous, "1", QUERY)
            assert (await receive(anonymous))["type"] == "next"
            assert (await receive(anonymous))["type"] == "complete"
            await send_operation(anonymous, "2", QUERY)

            # then the second is refused RATE_LIMITED with the wait, and does not run
            refused = await receive(anonymous)
            assert (refused["type"], refused["id"]) == ("error", "2"), refused
            (error,) = refused["payload"]
            assert error["extensions"]["code"] == "RATE_LIMITED"
            assert error["extensions"]["retryAfter"] >= 1
            assert "retry in" in error["message"]

            # and the socket stays open: the key's socket draws from the key's bucket
            for operation_id in ("k1", "k2"):
                await send_operation(keyed, operation_id, QUERY)
                assert (await receive(keyed))["type"] == "next"
                assert (await receive(keyed))["type"] == "complete"
            await send_operation(keyed, "k3", SUBSCRIBE, {"iscm": None})
            refused = await receive(keyed)
            assert refused["type"] == "error", refused
            assert refused["payload"][0]["extensions"]["code"] == "RATE_LIMITED"

            # and HTTP shares the address's bucket
            async with httpx.AsyncClient(base_url=server.url) as http:
                assert (await http.post("/graphql", json={"query": QUERY})).status_code == 429
            pong = await anonymous.ping()
            await asyncio.wait_for(pong, WAIT_SECONDS)
        finally:
            await anonymous.close()
            await keyed.close()


async def test_subscriptions_are_capped_per_client(committed_database_url, committed_session):
    # given a cap of two subscriptions per client, and an anonymous client running two
    settings = Settings(database_url=committed_database_url, max_subscriptions_per_client=2)
    token = await committed_key(committed_session, "partner", [OWN_ISCM])
    async with live_server(settings) as server:
        first = await open_socket(server.url, None)
        second = await open_socket(server.url, None)
        keyed = await open_socket(server.url, token)
        try:
            for operation_id in ("1", "2"):
                await send_operation(first, operation_id, SUBSCRIBE, {"iscm": None})
            await subscriptions_reach(server, 2)

            # when it asks for a third, on another socket
            await send_operation(second, "3", SUBSCRIBE, {"iscm": None})

            # then the third is refused with a typed error naming the cap
            refused = await receive(second)
            assert (refused["type"], refused["id"]) == ("error", "3"), refused
            (error,) = refused["payload"]
            assert error["extensions"] == {"code": "TOO_MANY_SUBSCRIPTIONS", "maximum": 2}

            # and queries still run, and another client (a key) may subscribe
            await send_operation(second, "q", QUERY)
            assert (await receive(second))["type"] == "next"
            assert (await receive(second))["type"] == "complete"
            await send_operation(keyed, "k", SUBSCRIBE, {"iscm": None})
            await subscriptions_reach(server, 3)

            # and once one of its subscriptions completes, the client may start another
            await first.send('{"id": "1", "type": "complete"}')
            await subscriptions_reach(server, 2)
            await send_operation(second, "4", SUBSCRIBE, {"iscm": None})
            await subscriptions_reach(server, 3)
        finally:
            for socket in (first, second, keyed):
                await socket.close()


EVENTS = "subscription { reviewContributionEvents { action contribution { title status } } }"
SOCKETS_PER_CLASS = {"anonymous": 4, "partner": 3, "editor": 3}
SUBSCRIPTIONS_PER_SOCKET = 100
WRITES = 20


async def drain(socket, expected: int) -> list[dict]:
    """Receive `expected` messages; they must all be events."""
    messages = [await receive(socket) for _ in range(expected)]
    assert {m["type"] for m in messages} == {"next"}, messages[:3]
    return messages


async def test_one_change_is_read_once_per_visibility_class_however_many_subscribe(
    committed_database_url, committed_session
):
    # given 1,000 subscriptions: 400 anonymous, 300 of three partners of one ISCM, 300 of
    # three editors, on ten sockets
    settings = Settings(database_url=committed_database_url, max_subscriptions_per_client=1000)
    sockets: dict[str, list] = {role: [] for role in SOCKETS_PER_CLASS}
    async with live_server(settings) as server:
        try:
            for role, count in SOCKETS_PER_CLASS.items():
                for _ in range(count):
                    token = (
                        None
                        if role == "anonymous"
                        else await committed_key(
                            committed_session, role, [OWN_ISCM] if role == "partner" else []
                        )
                    )
                    socket = await open_socket(server.url, token)
                    for number in range(SUBSCRIPTIONS_PER_SOCKET):
                        await send_operation(socket, str(number), EVENTS)
                    sockets[role].append(socket)
            await subscriptions_reach(server, 1000)

            # and every statement the server runs on contributions counted: the feed's
            # check of each change (SQLAlchemy), and the events' reads (the read path's
            # statements, sent on the driver connection)
            reads: list[str] = []
            event_reads: list[str] = []

            def record(_conn, _cursor, statement: str, *_args) -> None:
                if "FROM review_contributions" in statement:
                    reads.append(statement)

            engine = server.state["engine"].sync_engine
            event.listen(engine, "before_cursor_execute", record)
            DRIVER_STATEMENT_LISTENERS.append(event_reads.append)

            # when 20 changes are committed: 10 drafts, each then published
            writer = await OutsideWriter.connect(committed_session)
            try:
                for number in range(WRITES // 2):
                    draft = await writer.create_draft(OWN_ISCM, f"Fan-out {number}")
                    await writer.publish(draft)
            finally:
                await writer.close()

            # then partners and editors receive all 20, the public the 10 publications
            per_socket = {"anonymous": WRITES // 2, "partner": WRITES, "editor": WRITES}
            received = await asyncio.gather(
                *(
                    drain(socket, per_socket[role] * SUBSCRIPTIONS_PER_SOCKET)
                    for role, role_sockets in sockets.items()
                    for socket in role_sockets
                )
            )
            statuses = {
                m["payload"]["data"]["reviewContributionEvents"]["contribution"]["status"]
                for messages in received[: SOCKETS_PER_CLASS["anonymous"]]
                for m in messages
            }
            assert statuses == {"PUBLISHED"}
            event.remove(engine, "before_cursor_execute", record)
            DRIVER_STATEMENT_LISTENERS.remove(event_reads.append)

            # and each change was checked, and read for the events, once per visibility
            # class that may see it, not once per subscriber: drafts by partners and
            # editors, publications by all three
            classes = (WRITES // 2) * 2 + (WRITES // 2) * 3
            assert len(reads) == classes, len(reads)
            assert len(event_reads) == classes, len(event_reads)
            assert all("review_contributions" in statement for statement in event_reads)
        finally:
            if event_reads.append in DRIVER_STATEMENT_LISTENERS:
                DRIVER_STATEMENT_LISTENERS.remove(event_reads.append)
            for role_sockets in sockets.values():
                for socket in role_sockets:
                    await socket.close()


async def test_the_older_graphql_ws_protocol_is_not_offered(server):
    # It would run operations without the checks above.
    socket = await websockets.connect(
        server.url.replace("http://", "ws://") + "/graphql",
        subprotocols=[Subprotocol("graphql-ws")],
    )
    try:
        code, _ = await closed_with(socket)
        assert code == 4406
    finally:
        await socket.close()


async def test_other_iscm_drafts_never_reach_a_partner(server, committed_session):
    # The fan-out groups subscribers by visibility: a partner of another ISCM gets only what
    # is published, like the public.
    token = await committed_key(committed_session, "partner", [OTHER_ISCM])
    socket = await subscribed(server, token, None)
    writer = await OutsideWriter.connect(committed_session)
    try:
        draft = await writer.create_draft(OWN_ISCM, "Not theirs")
        await writer.publish(draft)
        published = await next_event(socket)
        assert (published["action"], published["contribution"]["status"]) == (
            "PUBLISHED",
            "PUBLISHED",
        )
    finally:
        await writer.close()
        await socket.close()
