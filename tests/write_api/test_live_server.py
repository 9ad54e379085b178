"""The write API against a real server on a loopback port, committing for real.

A race between two updates on two real connections, subscriptions over a real WebSocket fed
by a NOTIFY from another connection, and the `keys` command line.
"""

import asyncio
import base64
import json
import sys

import asyncpg
import httpx
import pytest
import websockets
from sqlalchemy import func, select, text
from websockets.typing import Subprotocol

from db import models
from db.notifications import asyncpg_dsn
from tests.write_api.conftest import OPEN_PROCESS, OTHER_ISCM, OWN_ISCM
from tests.write_api.live import (
    WAIT_SECONDS,
    OutsideWriter,
    committed_key,
    next_event,
    open_subscription,
    run,
    running_subscriptions,
    server_database_url,
    wait_for,
)
from tests.write_api.operations import CREATE, UPDATE
from tests.write_api.support import WriteClient


async def test_of_two_concurrent_updates_exactly_one_wins(server, committed_session):
    # given a contribution at version 1, and two partners' clients
    token = await committed_key(committed_session, "partner", [OWN_ISCM])
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        caller = WriteClient(http, token)
        created = await caller.ok(
            CREATE,
            {
                "input": {
                    "iscm": OWN_ISCM,
                    "reviewProcess": OPEN_PROCESS,
                    "title": "Race",
                    "summary": "S",
                }
            },
        )
        cid = created["contribution"]["id"]
        row_id = int(base64.b64decode(cid).decode().split(":")[1])

        # and a third connection holding the row lock, so both updates read version 1 first
        dsn = asyncpg_dsn(server_database_url(committed_session))
        holder = await asyncpg.connect(dsn)
        lock = holder.transaction()
        await lock.start()
        await holder.execute("SELECT 1 FROM review_contributions WHERE id = $1 FOR UPDATE", row_id)

        # when both updates run at once
        updates = [
            asyncio.create_task(
                caller.payload(UPDATE, {"id": cid, "version": 1, "input": {"title": title}})
            )
            for title in ("Alpha", "Bravo")
        ]

        async def both_blocked() -> bool:
            # Activity is snapshotted per transaction: clear it to see the present. The updates
            # run as prepared statements, so match on being blocked, not on the query text.
            await holder.execute("SELECT pg_stat_clear_snapshot()")
            waiting = await holder.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND cardinality(pg_blocking_pids(pid)) > 0"
            )
            return waiting == 2

        try:
            await wait_for(both_blocked, "both updates to wait on the row lock")
        finally:
            await lock.rollback()
            await holder.close()
        results = await asyncio.gather(*updates)

    # then exactly one wins, the other is a CONFLICT, and the row and trail show one update
    outcomes = sorted("OK" if not r["errors"] else r["errors"][0]["code"] for r in results)
    assert outcomes == ["CONFLICT", "OK"]
    winner = next(r for r in results if not r["errors"])["contribution"]
    assert winner["version"] == 2
    stored = (
        await committed_session.execute(
            select(models.ReviewContribution.title, models.ReviewContribution.version).where(
                models.ReviewContribution.id == row_id
            )
        )
    ).one()
    assert tuple(stored) == (winner["title"], 2)
    actions = (
        (
            await committed_session.execute(
                select(models.AuditEvent.action)
                .where(models.AuditEvent.entity_id == str(row_id))
                .order_by(models.AuditEvent.id)
            )
        )
        .scalars()
        .all()
    )
    assert actions == ["CREATED", "UPDATED"]


async def test_subscribers_get_committed_changes_from_another_connection(server, committed_session):
    # given a partner subscribed to its ISCM, and an anonymous subscriber to everything
    token = await committed_key(committed_session, "partner", [OWN_ISCM])
    before = running_subscriptions(server)
    partner = await open_subscription(server.url, token, OWN_ISCM)
    anonymous = await open_subscription(server.url, None, None)
    try:

        async def both_listening() -> bool:
            return running_subscriptions(server) == before + 2

        await wait_for(both_listening, "both subscriptions to listen")

        # when another connection (not the service) commits a draft, then publishes it
        writer = await OutsideWriter.connect(committed_session)
        try:
            await writer.create_draft(OTHER_ISCM, "Other ISCM's draft")
            draft_id = await writer.create_draft(OWN_ISCM, "Live draft")
            await writer.publish(draft_id)
        finally:
            await writer.close()

        # then the partner sees its ISCM's draft and its publication, not the other ISCM's draft
        first = await next_event(partner)
        assert (first["action"], first["contribution"]["title"]) == ("CREATED", "Live draft")
        assert first["contribution"]["iscm"]["slug"] == OWN_ISCM
        second = await next_event(partner)
        assert (second["action"], second["version"]) == ("PUBLISHED", 2)

        # and the anonymous subscriber sees only what was published
        public = await next_event(anonymous)
        assert (public["action"], public["contribution"]["status"]) == ("PUBLISHED", "PUBLISHED")
        assert public["contribution"]["title"] == "Live draft"
    finally:
        await partner.close()
        await anonymous.close()


async def test_a_bad_token_on_a_websocket_is_refused(server):
    socket = await websockets.connect(
        server.url.replace("http://", "ws://") + "/graphql",
        subprotocols=[Subprotocol("graphql-transport-ws")],
    )
    try:
        await socket.send(
            json.dumps(
                {"type": "connection_init", "payload": {"Authorization": "Bearer iscm_nope"}}
            )
        )
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(socket.recv(), WAIT_SECONDS)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 4403
    finally:
        await socket.close()


async def test_keys_are_created_listed_and_revoked_on_the_command_line(
    server, committed_database_url
):
    env = {"DATABASE_URL": committed_database_url}
    cli = [sys.executable, "-m", "service.cli", "keys"]

    code, out, err = await run(
        *cli,
        "create",
        "--name",
        "Bali Process RSO",
        "--role",
        "partner",
        "--iscm",
        OWN_ISCM,
        env=env,
    )
    assert code == 0, err
    token = out.strip().splitlines()[-1]
    key_id = token.split("_")[1]
    assert out.splitlines()[0] == f"created key {key_id} (partner, {OWN_ISCM}) for Bali Process RSO"

    code, listing, _ = await run(*cli, "list", env=env)
    assert code == 0
    line = next(line for line in listing.splitlines() if line.startswith(key_id))
    assert line.split("\t")[1:4] == ["partner", OWN_ISCM, "Bali Process RSO"]
    assert line.endswith("active")
    assert token not in listing

    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        caller = WriteClient(http, token)
        assert (await caller.post("{ gcmObjectives { number } }")).status_code == 200

        code, out, _ = await run(*cli, "revoke", key_id, env=env)
        assert (code, out.strip()) == (0, f"revoked key {key_id}")
        assert (await caller.post("{ gcmObjectives { number } }")).status_code == 401

    code, _, err = await run(*cli, "create", "--name", "x", "--role", "partner", env=env)
    assert code == 2
    assert err.strip() == "iscm-graph: a partner key needs at least one --iscm"


async def test_committed_rows_stay_in_their_own_database(committed_session, session):
    # The live tests commit to a database of their own, never to the shared test database.
    count = select(func.count()).select_from(models.ApiKey).where(models.ApiKey.name.like("live %"))
    assert (await session.execute(count)).scalar_one() == 0
    assert (
        (await committed_session.execute(text("SELECT current_database()")))
        .scalar_one()
        .startswith("iscm_write_api")
    )
