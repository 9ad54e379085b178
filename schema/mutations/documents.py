"""Editors' mutations of documents: create, update, link a document to the ISCMs it concerns
and to the events that adopted it, remove and restore."""

from datetime import date
from typing import Annotated, Self

import strawberry
from strawberry.types.unset import UNSET

from resolvers import content_writes, document_writes
from resolvers.context import Context
from resolvers.workflow import Written
from schema.documents import Document
from schema.graph_enums import DocumentKind
from schema.mutations.content_arguments import (
    REMOVAL_REASON,
    REPLACE_ARGUMENT,
    SOURCE_ARGUMENT,
    VERSION_ARGUMENT,
)
from schema.mutations.contributions import IDEMPOTENCY_HELP
from schema.mutations.errors import UserError, provided, to_user_errors
from schema.read_path.results import RowRef

Info = strawberry.Info[Context, None]
ID_ARGUMENT = Annotated[strawberry.ID, strawberry.argument(description="The document's `id`.")]


@strawberry.input(description="A document to add: a declaration, an action plan, a report, ...")
class CreateDocumentInput:
    slug: str | None = strawberry.field(
        default=None,
        description="Optional stable identifier: lower-case words joined by hyphens, e.g. `rabat-declaration-2018`.",
    )
    title: str = strawberry.field(description="Title, 1 to 500 characters.")
    kind: DocumentKind = strawberry.field(description="What kind of document it is.")
    published_on: date | None = strawberry.field(
        default=None, description="Publication date (1945-01-01 to today)."
    )
    adopted_on: date | None = strawberry.field(
        default=None, description="Day of adoption, where a single day is known."
    )
    year: int | None = strawberry.field(default=None, description="Year (1945 to 2100).")
    place: str | None = strawberry.field(default=None, description="Where it was adopted.")
    url: str | None = strawberry.field(
        default=None, description="Where it can be read (an http(s) URL)."
    )
    summary: str | None = strawberry.field(default=None, description="A paraphrased summary.")
    iscms: list[str] = strawberry.field(
        default_factory=list, description="Slugs of the ISCMs it concerns."
    )
    events: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="`id`s of the events that adopted it."
    )


@strawberry.input(
    description="Changes to a document: only the fields given change; null clears an optional one."
)
class UpdateDocumentInput:
    title: str | None = strawberry.field(default=UNSET, description="Title (cannot be cleared).")
    kind: DocumentKind | None = strawberry.field(
        default=UNSET, description="Kind of document (cannot be cleared)."
    )
    published_on: date | None = strawberry.field(default=UNSET, description="Publication date.")
    adopted_on: date | None = strawberry.field(default=UNSET, description="Day of adoption.")
    year: int | None = strawberry.field(default=UNSET, description="Year.")
    place: str | None = strawberry.field(default=UNSET, description="Where it was adopted.")
    url: str | None = strawberry.field(default=UNSET, description="Where it can be read.")
    summary: str | None = strawberry.field(default=UNSET, description="A paraphrased summary.")


@strawberry.type(description="The result of a document mutation.")
class DocumentPayload:
    document: RowRef | None = strawberry.field(
        graphql_type=Document | None,
        description="The document as stored after the write (a removed one included); null when `errors` is not empty.",
    )
    errors: list[UserError] = strawberry.field(
        description="Every problem found; empty on success. Nothing was written when it is not empty."
    )

    @classmethod
    def of(cls, written: Written) -> Self:
        """Build the payload of a write's outcome."""
        return cls(
            document=RowRef("Document", {"id": written.row.id}, as_written=True)
            if written.row is not None
            else None,
            errors=to_user_errors(written.errors),
        )


@strawberry.type
class DocumentMutations:
    @strawberry.mutation(
        description=f"Add a document, citing a source (editors). {IDEMPOTENCY_HELP}"
    )
    async def create_document(
        self,
        info: Info,
        input: CreateDocumentInput,
        source: SOURCE_ARGUMENT,
        idempotency_key: Annotated[
            str | None, strawberry.argument(description=IDEMPOTENCY_HELP)
        ] = None,
    ) -> DocumentPayload:
        written = await content_writes.create(
            info.context,
            document_writes.KIND,
            "createDocument",
            provided(input),
            source,
            idempotency_key,
        )
        return DocumentPayload.of(written)

    @strawberry.mutation(
        description="Change a document from the version you last read, citing a source (editors). `iscm-graph seed` keeps documents changed this way."
    )
    async def update_document(
        self,
        info: Info,
        id: ID_ARGUMENT,
        expected_version: VERSION_ARGUMENT,
        input: UpdateDocumentInput,
        source: SOURCE_ARGUMENT,
    ) -> DocumentPayload:
        written = await content_writes.update(
            info.context, document_writes.KIND, str(id), expected_version, provided(input), source
        )
        return DocumentPayload.of(written)

    @strawberry.mutation(
        description="Record the ISCMs a document concerns, citing a source (editors); its version increments."
    )
    async def link_document_to_iscms(
        self,
        info: Info,
        id: ID_ARGUMENT,
        iscms: Annotated[list[str], strawberry.argument(description="Slugs of the ISCMs.")],
        source: SOURCE_ARGUMENT,
        replace: REPLACE_ARGUMENT = False,
    ) -> DocumentPayload:
        written = await content_writes.link(
            info.context,
            document_writes.KIND,
            str(id),
            "iscms",
            iscms,
            replace=replace,
            source=source,
            argument="iscms",
        )
        return DocumentPayload.of(written)

    @strawberry.mutation(
        description="Record the events that adopted a document, citing a source (editors); its version increments."
    )
    async def link_document_to_events(
        self,
        info: Info,
        id: ID_ARGUMENT,
        events: Annotated[
            list[strawberry.ID], strawberry.argument(description="`id`s of the events.")
        ],
        source: SOURCE_ARGUMENT,
        replace: REPLACE_ARGUMENT = False,
    ) -> DocumentPayload:
        written = await content_writes.link(
            info.context,
            document_writes.KIND,
            str(id),
            "events",
            [str(e) for e in events],
            replace=replace,
            source=source,
            argument="events",
        )
        return DocumentPayload.of(written)

    @strawberry.mutation(
        description="Remove a document, a duplicate say (editors): it disappears from every read, search included, and `restoreDocument` brings it back."
    )
    async def remove_document(
        self, info: Info, id: ID_ARGUMENT, reason: REMOVAL_REASON, source: SOURCE_ARGUMENT
    ) -> DocumentPayload:
        written = await content_writes.set_removed(
            info.context, document_writes.KIND, str(id), reason, source, removed=True
        )
        return DocumentPayload.of(written)

    @strawberry.mutation(
        description="Bring a removed document back as it was (editors); list removed ones with `documents(filter: {removed: true})`."
    )
    async def restore_document(
        self, info: Info, id: ID_ARGUMENT, reason: REMOVAL_REASON, source: SOURCE_ARGUMENT
    ) -> DocumentPayload:
        written = await content_writes.set_removed(
            info.context, document_writes.KIND, str(id), reason, source, removed=False
        )
        return DocumentPayload.of(written)
