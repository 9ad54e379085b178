"""Subscriptions with the reference JavaScript client (graphql-ws), as Apollo Client and urql use it."""

from collections.abc import Iterator

import pytest

from tests.live_service import served
from tests.node.subscriber import assert_announced, drafting, subscribe_then_commit
from tests.writable import WritableDatabase


@pytest.fixture(scope="module")
def writable_service(writable_database: WritableDatabase, tmp_path_factory) -> Iterator[str]:
    """The writable database served by `iscm-graph serve`; yield its base URL."""
    log = tmp_path_factory.mktemp("graphql-ws") / "serve.log"
    with served(writable_database.url, log) as base:
        yield base


def test_the_graphql_ws_client_subscribes_receives_a_committed_change_and_completes(
    node_project, writable_service, writable_database, tmp_path
):
    # given the reference client subscribed to the partner's ISCM
    # when a change is committed through a mutation over HTTP
    change, titles = subscribe_then_commit(
        node_project,
        writable_service.replace("http://", "ws://") + "/graphql",
        writable_database.partner_token,
        drafting(f"{writable_service}/graphql", writable_database),
        tmp_path / "subscriber.log",
        "Draft seen by graphql-ws",
    )

    # then the client received it, then completed the subscription and closed cleanly
    assert_announced(change, titles, "CREATED", "DRAFT")
