"""Subscriptions with the reference JavaScript client (graphql-ws), as Apollo Client and urql use it."""

from tests.node.subscriber import assert_announced, drafting, subscribe_then_commit


def test_the_graphql_ws_client_subscribes_receives_a_committed_change_and_completes(
    node_project, served_writable_database, writable_database, tmp_path
):
    # given the reference client subscribed to the partner's ISCM
    # when a change is committed through a mutation over HTTP
    change, titles = subscribe_then_commit(
        node_project,
        served_writable_database.replace("http://", "ws://") + "/graphql",
        writable_database.partner_token,
        drafting(f"{served_writable_database}/graphql", writable_database),
        tmp_path / "subscriber.log",
        "Draft seen by graphql-ws",
    )

    # then the client received it, then completed the subscription and closed cleanly
    assert_announced(change, titles, "CREATED", "DRAFT")
