"""DataLoaders of the read graph: lookups, relations, analysis counts and nested pages.

Each loader runs one statement per batch, whatever the number of parents. Loaders whose
answer depends on something besides the key (who reads, a page window, a limit) take a
`(key, scope)` pair and batch per distinct scope; within one query that is one batch.
"""

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, Select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from db.pagination import Page, PageWindow, SortKey, count_rows_per_parent, fetch_pages_per_parent
from db.queries import (
    analysis,
    audit,
    calendar,
    documents,
    recommendations,
    reference,
    review,
)
from db.session import RequestSession
from resolvers.loaders import LoaderFactory

ScopedFetch = Callable[[AsyncSession, Sequence[Any], Any], Awaitable[list[Row[Any]]]]
NestedSource = Callable[[Any], tuple[Select[Any], ColumnElement[Any]]]


class NestedConnection:
    """One nested connection (e.g. each ISCM's recommendations), batched across parents.

    `source(scope)` gives the rows to page and the column naming each row's parent; pages
    are keyed by (parent, sort, window, scope), totals by (parent, scope).
    """

    def __init__(self, db: RequestSession, source: NestedSource) -> None:
        self._db = db
        self._source = source
        self._pages: DataLoader[tuple[Any, ...], Page] = DataLoader(load_fn=self._load_pages)
        self._totals: DataLoader[tuple[Any, Any], int] = DataLoader(load_fn=self._load_totals)

    async def page(
        self, parent: Hashable, sort: SortKey, window: PageWindow, scope: Hashable = None
    ) -> tuple[Page, Callable[[], Awaitable[int]]]:
        """Return the parent's page and a function counting its whole list (batched too)."""
        page = await self._pages.load((parent, sort, window, scope))

        async def total() -> int:
            return await self._totals.load((parent, scope))

        return page, total

    async def _load_pages(self, keys: list[tuple[Any, ...]]) -> list[Page]:
        parents_by_request: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
        for parent, sort, window, scope in keys:
            parents_by_request[(sort, window, scope)].append(parent)
        pages: dict[tuple[Any, ...], Page] = {}
        for (sort, window, scope), parents in parents_by_request.items():
            query, parent_column = self._source(scope)
            async with self._db.use() as session:
                found = await fetch_pages_per_parent(
                    session, query, parent_column, parents, sort, window
                )
            pages.update({(parent, sort, window, scope): found[parent] for parent in parents})
        return [pages[key] for key in keys]

    async def _load_totals(self, keys: list[tuple[Any, Any]]) -> list[int]:
        parents_by_scope: dict[Any, list[Any]] = defaultdict(list)
        for parent, scope in keys:
            parents_by_scope[scope].append(parent)
        totals: dict[tuple[Any, Any], int] = {}
        for scope, parents in parents_by_scope.items():
            query, parent_column = self._source(scope)
            async with self._db.use() as session:
                found = await count_rows_per_parent(session, query, parent_column, parents)
            totals.update({(parent, scope): found[parent] for parent in parents})
        return [totals[key] for key in keys]


class GraphLoaders(LoaderFactory):
    """The read graph's DataLoaders for one request (the catalogue's are in `Loaders`)."""

    def __init__(self, db: RequestSession) -> None:
        super().__init__(db)
        # Lookups by key.
        # Keyed by (id, viewer); a merged duplicate's id loads the record it was merged into.
        self.recommendation_by_id = self._scoped_single(
            recommendations.recommendations_by_ids, "requested_id"
        )
        self.contribution_by_id = self._scoped_single(review.contributions_by_ids, "requested_id")
        self.review_process_by_id = self._single(review.review_processes_by_ids, "id")
        self.review_process_by_slug = self._single(review.review_processes_by_slugs, "slug")
        self.event_by_id = self._single(calendar.events_by_ids, "id")
        self.document_by_id = self._single(documents.documents_by_ids, "id")
        self.thematic_area_by_slug = self._single(reference.thematic_areas_by_slugs, "slug")
        self.sdg_target_by_code = self._single(reference.sdg_targets_by_codes, "code")
        self.guiding_principle_by_number = self._single(
            reference.guiding_principles_by_numbers, "number"
        )
        self.region_by_name = self._single(reference.known_region_names, "name")
        # Relations listed under their owner's key.
        self.thematic_areas_by_iscm = self._scoped_grouped(
            reference.thematic_areas_of_iscms, "iscm_id"
        )
        self.thematic_areas_by_recommendation = self._grouped(
            recommendations.thematic_areas_of_recommendations, "recommendation_id"
        )
        self.objectives_by_recommendation = self._grouped(
            recommendations.objectives_of_recommendations, "recommendation_id"
        )
        self.sdg_targets_by_recommendation = self._grouped(
            recommendations.sdg_targets_of_recommendations, "recommendation_id"
        )
        self.objectives_by_contribution = self._grouped(
            review.objectives_of_contributions, "contribution_id"
        )
        self.sdg_children_by_code = self._grouped(reference.sdg_children_of, "parent_code")
        self.sdg_series_by_code = self._grouped(reference.sdg_series_of, "indicator_code")
        self.states_by_region = self._grouped(reference.states_in_regions, "region_name")
        self.iscms_by_document = self._grouped(documents.iscms_of_documents, "document_id")
        self.events_by_document = self._grouped(documents.events_of_documents, "document_id")
        self.objectives_by_document = self._grouped(
            documents.objectives_of_documents, "document_id"
        )
        # Analysis counts, keyed by (owner, viewer) or (State, limit).
        self.governance_cells_by_iscm = self._scoped_grouped(analysis.governance_cells, "iscm_id")
        self.objective_counts_by_iscm = self._scoped_grouped(analysis.objective_counts, "iscm_id")
        self.iscms_by_objective = self._scoped_grouped(
            analysis.iscms_addressing_objectives, "objective_number"
        )
        self.overlap_by_state = self._scoped_grouped(analysis.overlapping_states, "state_iso3")
        # Audit history of records, keyed by (record id, viewer), and their published versions.
        self.history_by_contribution = self._scoped_grouped(audit.contribution_history, "record_id")
        self.history_by_recommendation = self._scoped_grouped(
            audit.recommendation_history, "record_id"
        )
        self.versions_by_contribution = self._grouped(audit.contribution_versions, "record_id")
        self.versions_by_recommendation = self._grouped(audit.recommendation_versions, "record_id")
        # Nested connections.
        self.recommendations_of_iscm = NestedConnection(
            db, recommendations.recommendations_of_iscms
        )
        self.recommendations_of_state = NestedConnection(
            db, recommendations.recommendations_of_states
        )
        self.recommendations_of_objective = NestedConnection(
            db, recommendations.recommendations_of_objectives
        )
        self.recommendations_of_sdg_target = NestedConnection(
            db, recommendations.recommendations_of_sdg_targets
        )
        self.contributions_of_iscm = NestedConnection(db, review.contributions_of_iscms)
        self.contributions_of_objective = NestedConnection(db, review.contributions_of_objectives)
        self.contributions_of_review_process = NestedConnection(
            db, review.contributions_of_review_processes
        )
        self.events_of_iscm = NestedConnection(db, lambda _: calendar.events_of_iscms())

    async def _run_scoped(
        self, fetch: ScopedFetch, keys: Sequence[tuple[Any, Any]]
    ) -> dict[Any, list[Row[Any]]]:
        """Fetch once per distinct scope; return each scope's rows."""
        keys_by_scope: dict[Any, list[Any]] = defaultdict(list)
        for key, scope in keys:
            keys_by_scope[scope].append(key)
        rows_by_scope = {}
        for scope, scoped_keys in keys_by_scope.items():
            async with self._db.use() as session:
                rows_by_scope[scope] = await fetch(session, scoped_keys, scope)
        return rows_by_scope

    def _scoped_single(
        self, fetch: ScopedFetch, field: str
    ) -> DataLoader[tuple[Any, Any], Row[Any] | None]:
        async def load(keys: list[tuple[Any, Any]]) -> list[Row[Any] | None]:
            rows = await self._run_scoped(fetch, keys)
            found = {(row._mapping[field], scope): row for scope, rs in rows.items() for row in rs}
            return [found.get(key) for key in keys]

        return DataLoader(load_fn=load)

    def _scoped_grouped(
        self, fetch: ScopedFetch, field: str
    ) -> DataLoader[tuple[Any, Any], list[Row[Any]]]:
        async def load(keys: list[tuple[Any, Any]]) -> list[list[Row[Any]]]:
            rows = await self._run_scoped(fetch, keys)
            groups: dict[tuple[Any, Any], list[Row[Any]]] = defaultdict(list)
            for scope, scoped_rows in rows.items():
                for row in scoped_rows:
                    groups[(row._mapping[field], scope)].append(row)
            return [groups.get(key, []) for key in keys]

        return DataLoader(load_fn=load)
