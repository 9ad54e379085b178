"""Root query fields of the analysis: cross-type search and the GCM coverage matrix."""

from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers import analysis, search
from resolvers.catalogue_filters import iscm_criteria
from resolvers.context import Context
from schema.analysis import GcmCoverage, GcmCoverageRow
from schema.enums import IscmKind
from schema.search import SearchResult, search_result

if TYPE_CHECKING:
    from db.queries.catalogue_filters import IscmCriteria

Info = strawberry.Info[Context, None]


@strawberry.input(description="Which ISCMs the coverage matrix has rows for.")
class GcmCoverageFilter:
    kind: IscmKind | None = strawberry.field(default=None, description="RCP, IRF or GLOBAL.")
    region: str | None = strawberry.field(
        default=None,
        description="An M49 region, sub-region or intermediate region name: ISCMs with a member State placed there.",
    )
    iscms: list[str] | None = strawberry.field(
        default=None, description="Only these ISCMs, by slug."
    )

    async def criteria(self, context: Context) -> "IscmCriteria":
        """Check the filter and resolve its names."""
        return await iscm_criteria(
            context,
            kind=self.kind.value if self.kind else None,
            region=self.region,
            slugs=self.iscms,
        )


@strawberry.type
class AnalysisQuery:
    @strawberry.field(
        description="Full-text search over ISCMs, recommendations and documents, best match first (ranked by ts_rank; web search syntax: quotes, `or`, `-word`)."
    )
    async def search(
        self,
        info: Info,
        query: Annotated[str, strawberry.argument(description="What to look for.")],
        first: Annotated[
            int | None,
            strawberry.argument(
                description="How many results (default 20, at most the page size)."
            ),
        ] = None,
    ) -> list[SearchResult]:
        hits = await search.search(info.context, query, first)
        return [search_result(hit) for hit in hits]

    @strawberry.field(
        description="The coverage matrix: ISCMs (by name) by the 23 GCM objectives, with counts of recommendations and visible review contributions per cell."
    )
    async def gcm_coverage(
        self, info: Info, filter: GcmCoverageFilter | None = None
    ) -> GcmCoverage:
        criteria = await (filter or GcmCoverageFilter()).criteria(info.context)
        rows = await analysis.gcm_coverage(info.context, criteria)
        return GcmCoverage(rows=[GcmCoverageRow.from_coverage(row) for row in rows])
