"""Subscriptions on a live server: one committed change is read once per visibility class,
however many subscribe."""

import asyncio

from sqlalchemy import event

from service.settings import Settings
from tests.write_api.conftest import OTHER_ISCM, OWN_ISCM
from tests.write_api.live import (
    OutsideWriter,
    committed_key,
    next_event,
    open_socket,
    receive,
    send_operation,
    subscribed,
    subscriptions_reach,
)
from tests.write_api.support import live_server

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
    settings = Settings(database_url=committed_database_url)
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

            # and every statement the server runs on contributions counted
            reads: list[str] = []

            def record(_conn, _cursor, statement: str, *_args) -> None:
                if "FROM review_contributions" in statement:
                    reads.append(statement)

            engine = server.state["engine"].sync_engine
            event.listen(engine, "before_cursor_execute", record)

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

            # and each change was read once per visibility class that may see it, not once
            # per subscriber: drafts by partners and editors, publications by all three
            assert len(reads) == (WRITES // 2) * 2 + (WRITES // 2) * 3, len(reads)
        finally:
            for role_sockets in sockets.values():
                for socket in role_sockets:
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
