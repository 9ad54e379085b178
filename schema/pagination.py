"""Relay connections: the one page shape of every list that can grow, and its field.

`page_field` declares a connection once: its page arguments (`first`/`after`,
`last`/`before`), its `filter` and `orderBy` inputs and how it reads (schema/read_path);
the read path builds one PageArguments value from them and answers the page in SQL.
"""

from typing import Any, Generic, TypeVar

import strawberry

from schema.read_path.declare import Paginated, field_with

NodeType = TypeVar("NodeType")
PAGE_HELP = "Relay paging: `first`/`after` forwards, `last`/`before` backwards."


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
    total_count: int = strawberry.field(
        description="How many items the whole list holds, with the filters applied."
    )


def page_field(description: str, declaration: Paginated, **inputs: Any) -> Any:
    """A connection field: the page arguments, then `inputs` (e.g. `filter=`, `order_by=`,
    each an input type, optional), read as `declaration` says."""
    return field_with(
        description,
        declaration,
        first=(int | None, None),
        after=(str | None, None),
        last=(int | None, None),
        before=(str | None, None),
        **{name: (input_type | None, None) for name, input_type in inputs.items()},
    )
