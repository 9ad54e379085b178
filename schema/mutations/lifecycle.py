"""Mutations several kinds of record declare alike, built once: an editor's create, update,
removal and restoring of a document or an event, and the steps of a contribution or a
recommendation that name it by id alone (publish, withdraw, remove, restore, merge). Each
domain module names its own mutations and describes them; their arguments are declared here.

Each builder returns a Strawberry mutation field whose resolver closes over the kind of
record and its payload type; the only per-kind arguments (the input type, the `id`'s
description) are given to Strawberry as values, so the SDL is what a method would declare.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Protocol, Self

import strawberry

from resolvers import content_writes, workflow
from resolvers.content_writes import ContentKind
from resolvers.context import Context
from resolvers.workflow import RecordKind, Written
from schema.mutations.arguments import (
    DUPLICATE_ARGUMENT,
    HISTORY_REASON,
    IDEMPOTENCY_ARGUMENT,
    REMOVAL_REASON,
    SOURCE_ARGUMENT,
    VERSION_ARGUMENT,
    Info,
    id_argument,
)
from schema.mutations.errors import provided


class WrittenPayload(Protocol):
    """A payload type built from a write's outcome."""

    @classmethod
    def of(cls, written: Written) -> Self: ...


Step = Callable[[Context, RecordKind, str, str], Awaitable[Written]]


def content_creation(
    kind: ContentKind, input_type: type, payload: type[WrittenPayload], description: str
) -> Any:
    """Create a record of `kind` from an `input_type`, citing a source."""

    async def resolve(
        info: Info,
        input: Annotated[Any, strawberry.argument(graphql_type=input_type)],
        source: SOURCE_ARGUMENT,
        idempotency_key: IDEMPOTENCY_ARGUMENT = None,
    ) -> WrittenPayload:
        # The mutation's name (createDocument, createEvent) keys its idempotent replays.
        operation = f"create{kind.type_name}"
        written = await content_writes.create(
            info.context, kind, operation, provided(input), source, idempotency_key
        )
        return payload.of(written)

    return strawberry.mutation(resolver=resolve, graphql_type=payload, description=description)


def content_update(
    kind: ContentKind, input_type: type, payload: type[WrittenPayload], description: str
) -> Any:
    """Change a record of `kind` from the version last read, by an `input_type`, citing a source."""

    async def resolve(
        info: Info,
        id: Annotated[strawberry.ID, id_argument(kind.noun)],
        expected_version: VERSION_ARGUMENT,
        input: Annotated[Any, strawberry.argument(graphql_type=input_type)],
        source: SOURCE_ARGUMENT,
    ) -> WrittenPayload:
        written = await content_writes.update(
            info.context, kind, str(id), expected_version, provided(input), source
        )
        return payload.of(written)

    return strawberry.mutation(resolver=resolve, graphql_type=payload, description=description)


def content_removal(
    kind: ContentKind, payload: type[WrittenPayload], description: str, *, removed: bool
) -> Any:
    """Remove a record of `kind` (`removed`) or restore it, giving a reason and citing a source."""

    async def resolve(
        info: Info,
        id: Annotated[strawberry.ID, id_argument(kind.noun)],
        reason: REMOVAL_REASON,
        source: SOURCE_ARGUMENT,
    ) -> WrittenPayload:
        written = await content_writes.set_removed(
            info.context, kind, str(id), reason, source, removed=removed
        )
        return payload.of(written)

    return strawberry.mutation(resolver=resolve, graphql_type=payload, description=description)


def record_step(
    step: Step, kind: RecordKind, payload: type[WrittenPayload], description: str
) -> Any:
    """Take a workflow `step` that needs a reason (withdraw, remove, restore) on a record."""

    async def resolve(
        info: Info, id: Annotated[strawberry.ID, id_argument(kind.noun)], reason: HISTORY_REASON
    ) -> WrittenPayload:
        return payload.of(await step(info.context, kind, str(id), reason))

    return strawberry.mutation(resolver=resolve, graphql_type=payload, description=description)


def record_publication(kind: RecordKind, payload: type[WrittenPayload], description: str) -> Any:
    """Publish a submitted record."""

    async def resolve(
        info: Info, id: Annotated[strawberry.ID, id_argument(kind.noun)]
    ) -> WrittenPayload:
        return payload.of(await workflow.publish(info.context, kind, str(id)))

    return strawberry.mutation(resolver=resolve, graphql_type=payload, description=description)


def record_merge(kind: RecordKind, payload: type[WrittenPayload], description: str) -> Any:
    """Merge a duplicate record into the one to keep."""

    async def resolve(
        info: Info,
        id: DUPLICATE_ARGUMENT,
        into: Annotated[
            strawberry.ID, strawberry.argument(description=f"The `id` of the {kind.noun} to keep.")
        ],
        reason: HISTORY_REASON,
    ) -> WrittenPayload:
        written = await workflow.merge(info.context, kind, str(id), str(into), reason)
        return payload.of(written)

    return strawberry.mutation(resolver=resolve, graphql_type=payload, description=description)
