"""Analysis over the graph: governance profiles, GCM objective coverage and State overlap.

Contributions count only when the request's principal may see them.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row

from db.queries.catalogue import ISCM_SORTS
from db.queries.catalogue_filters import IscmCriteria, filtered_iscms
from resolvers.arguments import list_size
from resolvers.context import Context
from resolvers.reference import seed_vocabulary
from resolvers.viewer import viewer_of

DEFAULT_OVERLAP_SIZE = 10


@dataclass(frozen=True)
class Tally:
    """How many recommendations and contributions share one value (None: unclassified)."""

    code: str | None
    recommendations: int
    contributions: int


@dataclass(frozen=True)
class GovernanceCell:
    """Counts at one combination of level, phase and outcome type."""

    level: str | None
    phase: str | None
    outcome_type: str | None
    recommendations: int
    contributions: int


@dataclass(frozen=True)
class GovernanceProfile:
    """An ISCM's outcomes over the governance dimensions, with per-dimension totals."""

    cells: list[GovernanceCell]
    by_level: list[Tally]
    by_phase: list[Tally]
    by_outcome_type: list[Tally]

    @property
    def recommendations(self) -> int:
        """All counted recommendations."""
        return sum(cell.recommendations for cell in self.cells)

    @property
    def contributions(self) -> int:
        """All counted contributions."""
        return sum(cell.contributions for cell in self.cells)


def tallies(cells: list[GovernanceCell], dimension: str, vocabulary: str) -> list[Tally]:
    """Sum cells over one dimension, in vocabulary order, unclassified last; zeros omitted."""
    recommendations: dict[str | None, int] = defaultdict(int)
    contributions: dict[str | None, int] = defaultdict(int)
    for cell in cells:
        code = getattr(cell, dimension)
        recommendations[code] += cell.recommendations
        contributions[code] += cell.contributions
    order = [term["code"] for term in seed_vocabulary(vocabulary)]
    codes = sorted(
        recommendations, key=lambda code: order.index(code) if code in order else len(order)
    )
    return [Tally(code, recommendations[code], contributions[code]) for code in codes]


def profile_of(rows: Iterable[Row[Any]]) -> GovernanceProfile:
    """Build a governance profile from grouped (level, phase, outcome type) count rows."""
    cells = [
        GovernanceCell(
            level=row.level,
            phase=row.phase,
            outcome_type=row.outcome_type,
            recommendations=row.recommendations,
            contributions=row.contributions,
        )
        for row in rows
    ]
    return GovernanceProfile(
        cells=cells,
        by_level=tallies(cells, "level", "governance_levels"),
        by_phase=tallies(cells, "phase", "governance_phases"),
        by_outcome_type=tallies(cells, "outcome_type", "outcome_types"),
    )


async def governance_profile(context: Context, iscm_id: int) -> GovernanceProfile:
    """Return an ISCM's governance profile (batched across ISCMs)."""
    rows = await context.graph_loaders.governance_cells_by_iscm.load((iscm_id, viewer_of(context)))
    return profile_of(rows)


async def objective_counts(context: Context, iscm_id: int) -> list[Row[Any]]:
    """Return (objective_number, recommendations, contributions) rows of objectives an ISCM
    addresses, by number (batched across ISCMs)."""
    return await context.graph_loaders.objective_counts_by_iscm.load((iscm_id, viewer_of(context)))


async def iscms_addressing(context: Context, objective: int) -> list[Row[Any]]:
    """Return the ISCMs whose recommendations or visible contributions address `objective`."""
    return await context.graph_loaders.iscms_by_objective.load((objective, viewer_of(context)))


@dataclass(frozen=True)
class CoverageRow:
    """One ISCM's row of the coverage matrix: counts by objective number."""

    iscm: Row[Any]
    counts: dict[int, Row[Any]]


async def gcm_coverage(context: Context, criteria: IscmCriteria) -> list[CoverageRow]:
    """Return the ISCMs meeting `criteria`, by name, with their counts per GCM objective.

    Two statements whatever the size: the ISCMs, then every (ISCM, objective) count.
    """
    query = filtered_iscms(criteria, viewer_of(context)).order_by(*ISCM_SORTS["NAME"].columns)
    async with context.db.use() as session:
        iscms = list((await session.execute(query)).all())
    viewer = viewer_of(context)
    counts = await context.graph_loaders.objective_counts_by_iscm.load_many(
        [(row.id, viewer) for row in iscms]
    )
    return [
        CoverageRow(iscm=row, counts={count.objective_number: count for count in found})
        for row, found in zip(iscms, counts, strict=True)
    ]


@dataclass(frozen=True)
class Overlap:
    """Another State and the ISCMs both are members of."""

    state: Row[Any]
    shared_iscms: list[Row[Any]]


async def overlap(context: Context, iso3: str, first: int | None) -> list[Overlap]:
    """Return the States sharing most ISCM memberships with `iso3`, most shared first."""
    size = list_size(context, first, DEFAULT_OVERLAP_SIZE)
    rows = await context.graph_loaders.overlap_by_state.load((iso3, size))
    shared = await context.loaders.iscm_by_id.load_many(
        [iscm_id for row in rows for iscm_id in row.shared_iscm_ids]
    )
    found = iter(shared)
    return [
        Overlap(state=row, shared_iscms=[next(found) for _ in row.shared_iscm_ids]) for row in rows
    ]
