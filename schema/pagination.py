"""Relay connections: the one page shape of every list that can grow."""

from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import strawberry
from sqlalchemy import Row

from resolvers.pagination import PageResult

NodeType = TypeVar("NodeType")


# Shareable: other subgraphs of the supergraph define the same Relay PageInfo.
@strawberry.federation.type(shareable=True, description="Where a page sits in its list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether rows follow this page.")
    has_previous_page: bool = strawberry.field(
        description="Whether rows precede this page (known exactly when paging backwards with `last`)."
    )
    start_cursor: str | None = strawberry.field(description="Cursor of the first edge, if any.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last edge, if any.")


@strawberry.type(description="A node with its cursor.")
class Edge(Generic[NodeType]):
    cursor: str = strawberry.field(
        description="Opaque cursor for `after`/`before`; stays valid when rows are added."
    )
    node: NodeType = strawberry.field(description="The item.")


@strawberry.type(description="One page of a list, paged by cursor.")
class Connection(Generic[NodeType]):
    edges: list[Edge[NodeType]] = strawberry.field(description="The items of this page, in order.")
    page_info: PageInfo = strawberry.field(description="Paging information.")
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items the whole list holds, with the filters applied.")
    async def total_count(self) -> int:
        return await self.count()


def to_connection(result: PageResult, to_node: Callable[[Row[Any]], Any]) -> Connection[Any]:
    """Build a Connection from a fetched page, turning each row into a node."""
    cursors = result.cursors()
    edges = [
        Edge(cursor=cursor, node=to_node(row))
        for cursor, row in zip(cursors, result.page.rows, strict=True)
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=result.page.has_next,
            has_previous_page=result.page.has_previous,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        ),
        count=result.count,
    )
