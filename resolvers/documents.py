"""Query logic for documents: filters and pages."""

from datetime import date

from db.queries.documents import DOCUMENT_SORTS, DocumentCriteria, filtered_documents
from resolvers import arguments
from resolvers.context import Context
from resolvers.pages import root_page
from resolvers.pagination import PageResult


async def document_criteria(
    context: Context,
    *,
    iscm: str | None = None,
    kind: str | None = None,
    gcm_objective: int | None = None,
    published_from: date | None = None,
    published_to: date | None = None,
    search: str | None = None,
) -> DocumentCriteria:
    """Check a document filter and resolve its names."""
    arguments.date_span(published_from, published_to, "filter.publishedFrom", "filter.publishedTo")
    return DocumentCriteria(
        iscm_id=await arguments.iscm_id(context, iscm, "filter.iscm"),
        kind=kind,
        objective=arguments.objective_number(gcm_objective, "filter.gcmObjective"),
        published_from=published_from,
        published_to=published_to,
        search=arguments.search_text(search, "filter.search"),
    )


async def document_page(
    context: Context,
    criteria: DocumentCriteria,
    *,
    order_field: str,
    descending: bool,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> PageResult:
    """Return one page of the documents meeting `criteria`."""
    return await root_page(
        context,
        filtered_documents(criteria),
        DOCUMENT_SORTS,
        order_field=order_field,
        descending=descending,
        first=first,
        after=after,
        last=last,
        before=before,
    )
