"""Documents: the ISCMs' declarations, action plans and statements, GRCP reports, papers, with
the root list."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from db import models
from db.queries.documents import DOCUMENT_SORTS, document_linked
from db.queries.recommendations import RECOMMENDATION_SORTS
from db.queries.text_search import matches
from db.queries.visibility import live, removed_content_visible
from schema.changed_since import updated_since
from schema.graph_enums import DocumentDetailedKind, DocumentKind
from schema.orderings import DocumentOrder, RecommendationOrder, newest_first
from schema.pagination import PAGE_HELP, Connection, page_field
from schema.read_path.arguments import objective_number, search_text
from schema.read_path.declare import InputChecks, Paginated, argument, computed, related, table
from schema.recommendations import RecommendationFilter
from schema.references import ISCM_SLUG

if TYPE_CHECKING:
    from schema.calendar import Event
    from schema.catalogue import Iscm
    from schema.gcm import GcmObjective
    from schema.recommendations import Recommendation

ISCMS = models.document_iscms
EVENTS = models.document_events
OBJECTIVES = models.document_gcm_objectives


@strawberry.type(
    description="A document: an ISCM's declaration, action plan or joint statement, a GRCP report, a key document, a newsletter, a position paper. Editors maintain the documents; one they removed is visible to nobody."
)
class Document(relay.Node):
    __read__ = table(models.Document, key="id", visible=live)
    document_id: relay.NodeID[int]
    slug: str | None = strawberry.field(
        description="Stable identifier of an ISCM's outcome document (loaded from the catalogue's files); null for others."
    )
    title: str = strawberry.field(description="Title.")
    title_is_descriptive: bool = strawberry.field(
        description="True where the source gives no title and this one was written by the catalogue."
    )
    alternative_titles: list[str] = strawberry.field(
        description="Other titles the sources give it (translations, short names)."
    )
    kind: DocumentKind = strawberry.field(description="What kind of document it is.")
    detailed_kind: DocumentDetailedKind | None = strawberry.field(
        description="For an ISCM's outcome document, the finer kind its source describes (`kind` is the coarse one it maps to)."
    )
    kind_note: str | None = strawberry.field(
        description="Why the kind was chosen, where it could mislead."
    )
    published_on: date | None = strawberry.field(description="Publication date, when known.")
    adopted_on: date | None = strawberry.field(
        description="The day it was adopted, only where a single day is known (see `adoptedOnNote`)."
    )
    adopted_on_note: str | None = strawberry.field(
        description="What is known of its adoption date where no single day is."
    )
    year: int | None = strawberry.field(description="Year it was adopted or issued, when known.")
    year_note: str | None = strawberry.field(
        description="How the year was established, where unsure."
    )
    place: str | None = strawberry.field(description="Where it was adopted, when known.")
    url: str | None = strawberry.field(description="Where it can be read (its official page).")
    summary: str | None = strawberry.field(description="A paraphrased summary.")
    conflicts: str | None = strawberry.field(
        description="Where the sources disagree about it (dates, titles), with both sides."
    )
    sources: list[str] = strawberry.field(
        description="URLs of the public sources this record rests on."
    )
    synthetic: bool = strawberry.field(
        description="True for generated example data, never a real document."
    )
    version: int = strawberry.field(
        description="Incremented on every change; above 1, `iscm-graph seed` keeps the record as editors left it."
    )
    created_at: datetime = strawberry.field(description="When the record was created.")
    updated_at: datetime = strawberry.field(description="When the record last changed.")
    removed_at: datetime | None = strawberry.field(
        description="When an editor removed it (only editors list removed documents); null otherwise.",
        metadata=computed(lambda document, _: document.c.deleted_at),
    )
    iscms: list[Annotated["Iscm", strawberry.lazy("schema.catalogue")]] = strawberry.field(
        description="ISCMs it concerns, by name.",
        metadata=related(
            lambda document, iscm, _: document_linked(ISCMS, "iscm_id", document, iscm.c.id),
            order=lambda iscm: (iscm.c.name, iscm.c.id),
        ),
    )
    events: list[Annotated["Event", strawberry.lazy("schema.calendar")]] = strawberry.field(
        description="Events it reports on, by year.",
        metadata=related(
            lambda document, event, _: document_linked(EVENTS, "event_id", document, event.c.id),
            order=lambda event: (event.c.year, event.c.id),
        ),
    )
    gcm_objectives: list[Annotated["GcmObjective", strawberry.lazy("schema.gcm")]] = (
        strawberry.field(
            description="GCM objectives it addresses, by number.",
            metadata=related(
                lambda document, objective, _: document_linked(
                    OBJECTIVES, "objective_number", document, objective.c.number
                ),
                order=lambda objective: (objective.c.number,),
            ),
        )
    )
    recommendations: Connection[
        Annotated["Recommendation", strawberry.lazy("schema.recommendations")]
    ] = page_field(
        f"The commitments, priority areas and recommendations it contains that you may see, in the document's order as recorded (by default). {PAGE_HELP}",
        Paginated(
            lambda document, recommendation, _: recommendation.c.document_id == document.c.id,
            RECOMMENDATION_SORTS,
            "ADOPTED_ON",
        ),
        order_by=RecommendationOrder,
        filter=RecommendationFilter,
    )


@strawberry.input(description="Which documents to list; every given condition must hold.")
class DocumentFilter:
    __read__ = InputChecks(spans=(("publishedFrom", "publishedTo"),))
    iscm: str | None = strawberry.field(
        default=None,
        description="Slug of an ISCM it concerns.",
        metadata=argument(
            condition=lambda _, row, iscm_id, __: document_linked(ISCMS, "iscm_id", row, iscm_id),
            reference=ISCM_SLUG,
        ),
    )
    kind: DocumentKind | None = strawberry.field(
        default=None,
        description="Kind of document.",
        metadata=argument(condition=lambda _, row, kind, __: row.c.kind == kind),
    )
    gcm_objective: int | None = strawberry.field(
        default=None,
        description="GCM objective number (1-23) it addresses.",
        metadata=argument(
            check=objective_number,
            condition=lambda _, row, number, __: document_linked(
                OBJECTIVES, "objective_number", row, number
            ),
        ),
    )
    published_from: date | None = strawberry.field(
        default=None,
        description="Published on or after this day.",
        metadata=argument(condition=lambda _, row, day, __: row.c.published_on >= day),
    )
    published_to: date | None = strawberry.field(
        default=None,
        description="Published on or before this day.",
        metadata=argument(condition=lambda _, row, day, __: row.c.published_on <= day),
    )
    search: str | None = strawberry.field(
        default=None,
        description="Full-text search on title and summary (web search syntax: quotes, `or`, `-word`).",
        metadata=argument(
            check=search_text,
            condition=lambda _, row, text, __: matches(row.c.search_vector, text),
        ),
    )
    updated_since: datetime | None = updated_since()
    removed: bool = strawberry.field(
        default=False,
        description="Editors: list the removed documents (that `restoreDocument` can bring back) instead; nobody else sees any.",
        metadata=argument(instead_of_visible=removed_content_visible),
    )


@strawberry.type
class DocumentQuery:
    documents: Connection[Document] = page_field(
        f"Published documents, newest first by default. {PAGE_HELP}",
        Paginated(None, DOCUMENT_SORTS, "DATE", newest_first("DATE", "PUBLISHED_ON")),
        filter=DocumentFilter,
        order_by=DocumentOrder,
    )
