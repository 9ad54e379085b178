"""Editors' mutations of documents: create, update, link a document to the ISCMs it concerns
and to the events that adopted it, remove and restore."""

from datetime import date
from typing import Annotated, Self

import strawberry
from strawberry.types.unset import UNSET

from resolvers import content_writes, document_writes
from resolvers.workflow import Written
from schema.documents import Document
from schema.graph_enums import DocumentKind
from schema.mutations.arguments import (
    IDEMPOTENCY_HELP,
    REPLACE_ARGUMENT,
    SOURCE_ARGUMENT,
    Info,
    id_argument,
)
from schema.mutations.errors import UserError, to_user_errors
from schema.mutations.lifecycle import content_creation, content_removal, content_update
from schema.mutations.payloads import as_written, errors_field, record_field
from schema.read_path.results import RowRef

ID_ARGUMENT = Annotated[strawberry.ID, id_argument("document")]


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
    document: RowRef | None = record_field(
        Document, "The document as stored after the write (a removed one included)"
    )
    errors: list[UserError] = errors_field()

    @classmethod
    def of(cls, written: Written) -> Self:
        """Build the payload of a write's outcome."""
        return cls(
            document=as_written("Document", written.row), errors=to_user_errors(written.errors)
        )


@strawberry.type
class DocumentMutations:
    create_document = content_creation(
        document_writes.KIND,
        CreateDocumentInput,
        DocumentPayload,
        f"Add a document, citing a source (editors). {IDEMPOTENCY_HELP}",
    )
    update_document = content_update(
        document_writes.KIND,
        UpdateDocumentInput,
        DocumentPayload,
        "Change a document from the version you last read, citing a source (editors). `iscm-graph seed` keeps documents changed this way.",
    )

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

    remove_document = content_removal(
        document_writes.KIND,
        DocumentPayload,
        "Remove a document, a duplicate say (editors): it disappears from every read, search included, and `restoreDocument` brings it back.",
        removed=True,
    )
    restore_document = content_removal(
        document_writes.KIND,
        DocumentPayload,
        "Bring a removed document back as it was (editors); list removed ones with `documents(filter: {removed: true})`.",
        removed=False,
    )
