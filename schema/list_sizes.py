"""The most items each unpaged list of the graph can hold, for the cost estimate (schema/limits.py).

Every list field without `first`/`last` that has a selection set is named here with its bound:
a size measured from the database (db/queries/list_sizes.py: an ISCM cannot have more members
than there are States, an objective cannot name more ISCMs than there are ISCMs), or a declared
maximum with its reason. A test fails when a list of the schema has no bound, so none falls
back to a guess.

The measures are taken when a process starts and again every REFRESH_SECONDS: ISCMs, States and
vocabularies change only through `iscm-graph seed`, but memberships, outcomes and histories
change through the API, so between two measurements a list may outgrow its measure by what was
written meanwhile (the response-size ceiling still holds). Until the first measurement,
FALLBACK applies: generous sizes, so an estimate made before it errs on the high side.
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.queries import list_sizes as queries
from db.queries.visibility import PUBLIC_FIELDS
from resolvers.indicator_cache import CachePolicy
from resolvers.indicators import MAX_CODES

log = logging.getLogger("iscm_graph.list_sizes")

REFRESH_SECONDS = 300.0
# The SDG Global Database qualifies a value by at most a handful of dimensions (sex, age,
# location, ...); the other sources by one at most (a period or a counterpart).
MAX_OBSERVATION_DIMENSIONS = 12
# A mutation payload lists at most one problem per input field (the largest input has 11) and
# at most MAX_OBJECTIVE_ERRORS + 1 for a list of objectives (resolvers/validation.py).
MAX_USER_ERRORS = 20
MIGOF_MAX_STATEMENTS = 10
# The public fields a published version may list as changed (a contribution's review process
# among them).
PUBLIC_FIELD_COUNT = max(len(fields) for fields in PUBLIC_FIELDS.values()) + 1

FALLBACK: dict[str, int] = {
    "member_states": 300,
    "iscms": 100,
    "organizations": 50,
    "gcm_objectives": 23,
    "gcm_guiding_principles": 10,
    "sdg_targets": 50,
    "thematic_areas": 30,
    "governance_levels": 10,
    "governance_phases": 10,
    "outcome_types": 20,
    "events": 100,
    "members_per_iscm": 300,
    "observers_per_iscm": 300,
    "memberships_per_iscm": 300,
    "memberships_per_state": 100,
    "governance_cells": 1000,
    "documents": 1000,
    "disputed_facts": 100,
    "claims_per_fact": 10,
    "top_regions": 10,
    "region_children": 30,
    "states_per_region": 300,
    "series_rows": 0,
    "series_per_target": 10,
    "contribution_history": 50,
    "recommendation_history": 50,
    "events_per_document": 100,
    "documents_per_event": 100,
    "iscms_per_document": 100,
}
# Measures of relations that grow through the API between two measurements start from here:
# a new contribution's history (created, updated, submitted, published, ...) is short.
FLOORS: dict[str, int] = {
    "contribution_history": 10,
    "recommendation_history": 10,
    # a document adopted at a few meetings, shared by a few ISCMs
    "events_per_document": 10,
    "documents_per_event": 10,
    "iscms_per_document": 10,
}


@dataclass
class MeasuredSizes:
    """The current measures; `version` changes whenever a value does (cost caches key on it)."""

    values: dict[str, int] = field(default_factory=lambda: dict(FALLBACK))
    version: int = 0
    measured_at: datetime | None = None

    def update(self, values: Mapping[str, int]) -> None:
        """Take new measures."""
        merged = {**self.values, **values}
        for name, floor in FLOORS.items():
            merged[name] = max(merged[name], floor)
        if merged != self.values:
            self.values = merged
            self.version += 1
        self.measured_at = datetime.now(UTC)

    def __getitem__(self, name: str) -> int:
        return self.values[name]


MEASURED = MeasuredSizes()


async def refresh(session: AsyncSession) -> None:
    """Measure again from the database."""
    MEASURED.update(await queries.measure(session))


@dataclass(frozen=True)
class SizeInputs:
    """What a bound may depend on: the measures, the field's arguments and the settings."""

    measures: MeasuredSizes
    arguments: Mapping[str, Any]
    max_page_size: int
    max_import_items: int

    def __getitem__(self, name: str) -> int:
        return self.measures[name]


ListBound = Callable[[SizeInputs], int]


def counted(name: str) -> ListBound:
    """Bound a list by one measure."""
    return lambda sizes: sizes[name]


def years_of_one_series(sizes: SizeInputs) -> int:
    """The values of one series for one State within `from`/`to`: the most any cached series
    holds, or one a year when none is cached yet (the default first year onwards)."""
    first = sizes.arguments.get("from")
    last = sizes.arguments.get("to")
    start = first if isinstance(first, int) else CachePolicy.first_year
    end = last if isinstance(last, int) else datetime.now(UTC).year
    return max(sizes["series_rows"], end - start + 1, 1)


def latest_or_years(sizes: SizeInputs) -> int:
    """A named series (`migrantStock`, ...): its latest value, or its years within `from`/`to`."""
    if sizes.arguments.get("from") is None and sizes.arguments.get("to") is None:
        return 1
    return years_of_one_series(sizes)


def codes_times_series(sizes: SizeInputs) -> int:
    """`indicators(codes:)`: the years of one series per code (at most MAX_CODES codes)."""
    codes = sizes.arguments.get("codes")
    count = len(codes) if isinstance(codes, list) else MAX_CODES
    return min(count, MAX_CODES) * years_of_one_series(sizes)


# Null counts as one more value of each governance dimension ("unclassified").
def _governance(*names: str) -> ListBound:
    def bound(sizes: SizeInputs) -> int:
        total = 1
        for name in names:
            total *= sizes[name] + 1
        return total

    return bound


LIST_BOUNDS: dict[str, ListBound] = {
    # The most ISCMs and meetings any document is linked to, measured: the export of every
    # document stays affordable however long the calendar grows.
    "Document.iscms": counted("iscms_per_document"),
    "Document.events": counted("events_per_document"),
    # Link tables are keyed by both ends: a document names each objective once.
    "Document.gcmObjectives": counted("gcm_objectives"),
    # The coverage matrix: one row per ISCM, one cell per objective.
    "GcmCoverage.rows": counted("iscms"),
    "GcmCoverage.totals": counted("gcm_objectives"),
    "GcmCoverage.objectives": counted("gcm_objectives"),
    "GcmCoverageRow.cells": counted("gcm_objectives"),
    "GcmObjective.iscms": counted("iscms"),
    # Only the non-empty cells are listed: at most the most any ISCM's outcomes fill, and never
    # more than the vocabularies allow.
    "GovernanceProfile.cells": lambda sizes: min(
        sizes["governance_cells"],
        _governance("governance_levels", "governance_phases", "outcome_types")(sizes),
    ),
    "GovernanceProfile.byLevel": _governance("governance_levels"),
    "GovernanceProfile.byPhase": _governance("governance_phases"),
    "GovernanceProfile.byOutcomeType": _governance("outcome_types"),
    "ImportReviewContributionResult.errors": lambda _: MAX_USER_ERRORS,
    "ImportReviewContributionsPayload.results": lambda sizes: sizes.max_import_items,
    "ImportReviewContributionsPayload.errors": lambda _: MAX_USER_ERRORS,
    "IscmPayload.errors": lambda _: MAX_USER_ERRORS,
    "EventPayload.errors": lambda _: MAX_USER_ERRORS,
    "DocumentPayload.errors": lambda _: MAX_USER_ERRORS,
    "RecommendationPayload.errors": lambda _: MAX_USER_ERRORS,
    "ReviewContributionPayload.errors": lambda _: MAX_USER_ERRORS,
    "ReviewProcessPayload.errors": lambda _: MAX_USER_ERRORS,
    "Iscm.thematicAreas": counted("thematic_areas"),
    "Iscm.gcmObjectives": counted("gcm_objectives"),
    # The largest membership lists, measured (memberships change through setIscmMembership).
    "Iscm.members": counted("members_per_iscm"),
    "Iscm.observers": counted("observers_per_iscm"),
    "Iscm.memberships": counted("memberships_per_iscm"),
    "Iscm.observerOrganizations": counted("organizations"),
    "Iscm.organizationMemberships": counted("organizations"),
    "Iscm.disputedFacts": counted("disputed_facts"),
    "DisputedFact.claims": counted("claims_per_fact"),
    "Event.iscms": counted("iscms"),
    "Event.documents": counted("documents_per_event"),
    "MemberState.iscms": counted("memberships_per_state"),
    "MemberState.memberships": counted("memberships_per_state"),
    "MemberState.indicators": codes_times_series,
    "MemberState.migrantStock": latest_or_years,
    "MemberState.refugeesHosted": latest_or_years,
    "MemberState.refugeesOriginating": latest_or_years,
    "MemberState.remittancesReceived": latest_or_years,
    "MemberState.remittanceCostPercent": latest_or_years,
    "Observation.dimensions": lambda _: MAX_OBSERVATION_DIMENSIONS,
    # MiGOF numbers its principles and objectives from 1, and a CHECK keeps them at most 10.
    "MigrationGovernanceFramework.principles": lambda _: MIGOF_MAX_STATEMENTS,
    "MigrationGovernanceFramework.objectives": lambda _: MIGOF_MAX_STATEMENTS,
    "Query.gcmObjectives": counted("gcm_objectives"),
    "Query.governanceLevels": counted("governance_levels"),
    "Query.governancePhases": counted("governance_phases"),
    "Query.outcomeTypes": counted("outcome_types"),
    "Query.gcmGuidingPrinciples": counted("gcm_guiding_principles"),
    # The M49 tree of the States' regions: its top level, the widest node, the largest region.
    "Query.regions": counted("top_regions"),
    "Region.subregions": counted("region_children"),
    "Region.memberStates": counted("states_per_region"),
    "Recommendation.thematicAreas": counted("thematic_areas"),
    "Recommendation.iscms": counted("iscms"),
    "Recommendation.gcmObjectives": counted("gcm_objectives"),
    "Recommendation.sdgTargets": counted("sdg_targets"),
    "ReviewContribution.gcmObjectives": counted("gcm_objectives"),
    "ReviewContribution.history": counted("contribution_history"),
    # Published versions are some of a record's history; a version lists changed fields.
    "ReviewContribution.publishedVersions": counted("contribution_history"),
    "Recommendation.history": counted("recommendation_history"),
    "Recommendation.publishedVersions": counted("recommendation_history"),
    "PublishedVersion.changes": lambda _: PUBLIC_FIELD_COUNT,
    "SdgTarget.children": counted("sdg_targets"),
    "SdgTarget.series": counted("series_per_target"),
    "SdgTarget.observations": lambda sizes: sizes["series_per_target"] * years_of_one_series(sizes),
    # ISCMs two States share are ISCMs of each of them.
    "StateOverlap.sharedIscms": counted("memberships_per_state"),
}

# A connection's edges are one page; reached outside a paged field, at most the largest page.
PAGE_LISTS = ("edges",)
