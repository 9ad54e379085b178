"""The GCM reviews: review processes and the ISCMs' contributions to them, with root fields.

Contributions are read through their visibility rule (db/queries/visibility.py), declared
once on the type: drafts only for their ISCM's partners and for editors.
"""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from db import models
from db.queries.review import (
    CONTRIBUTION_SORTS,
    REVIEW_PROCESS_SORTS,
    contribution_has_objective,
    submitted_day,
    window_open,
)
from db.queries.visibility import named_record, record_visible, removed_visible
from resolvers.arguments import year as checked_year
from schema.audit import (
    HISTORY_HELP,
    VERSIONS_HELP,
    AuditEvent,
    PublishedVersion,
    history_of,
    published_versions_of,
)
from schema.changed_since import updated_since
from schema.governance import GovernanceLevel, GovernancePhase, OutcomeType
from schema.graph_enums import ContributionStatus, ReviewKind, WindowStatus
from schema.orderings import ReviewContributionOrder, newest_first
from schema.pagination import PAGE_HELP, Connection, page_field
from schema.read_path.arguments import objective_number
from schema.read_path.declare import (
    Argument,
    InputChecks,
    Paginated,
    Relation,
    argument,
    computed,
    field_with,
    related,
    table,
)
from schema.references import ISCM_SLUG, REVIEW_PROCESS_SLUG

if TYPE_CHECKING:
    from schema.catalogue import Iscm
    from schema.gcm import GcmObjective


@strawberry.federation.type(
    keys=["id"],
    description="An ISCM's input to a GCM review. Only PUBLISHED contributions are public; drafts are visible to their ISCM's partners and to editors. Removed ones are visible to nobody; the id of a duplicate merged into another names that one.",
)
class ReviewContribution(relay.Node):
    __read__ = table(
        models.ReviewContribution,
        key="id",
        visible=record_visible,
        named=lambda key: named_record(models.ReviewContribution.__table__, key),
    )
    contribution_id: relay.NodeID[int]
    title: str = strawberry.field(description="Title.")
    summary: str = strawberry.field(description="Summary of the contribution.")
    practices: str | None = strawberry.field(description="Practices the ISCM reports.")
    challenges: str | None = strawberry.field(description="Challenges the ISCM reports.")
    level: GovernanceLevel | None = strawberry.field(
        description="The governance level it concerns, when classified."
    )
    phase: GovernancePhase | None = strawberry.field(
        description="The policy-cycle phase it concerns, when classified."
    )
    outcome_type: OutcomeType | None = strawberry.field(
        description="The kind of outcome it reports, when classified."
    )
    status: ContributionStatus = strawberry.field(description="Where it stands in its workflow.")
    submitted_at: datetime | None = strawberry.field(description="When it was submitted.")
    published_at: datetime | None = strawberry.field(description="When it was published.")
    synthetic: bool = strawberry.field(
        description="True for generated example data (`iscm-graph seed --demo`), never a real contribution."
    )
    version: int = strawberry.field(description="Incremented on every change to this record.")
    created_at: datetime = strawberry.field(description="When the record was created.")
    updated_at: datetime = strawberry.field(description="When the record last changed.")
    removed_at: datetime | None = strawberry.field(
        description="When an editor removed it (only editors list removed records); null otherwise.",
        metadata=computed(lambda contribution, _: contribution.c.deleted_at),
    )
    iscm: Annotated["Iscm", strawberry.lazy("schema.catalogue")] = strawberry.field(
        description="The ISCM that made it.",
        metadata=related(lambda contribution, iscm, _: iscm.c.id == contribution.c.iscm_id),
    )
    review_process: "ReviewProcess" = strawberry.field(
        description="The review it was made to.",
        metadata=related(
            lambda contribution, process, _: process.c.id == contribution.c.review_process_id
        ),
    )
    gcm_objectives: list[Annotated["GcmObjective", strawberry.lazy("schema.gcm")]] = (
        strawberry.field(
            description="GCM objectives it addresses, by number.",
            metadata=related(
                lambda contribution, objective, _: contribution_has_objective(
                    contribution, objective.c.number
                ),
                order=lambda objective: (objective.c.number,),
            ),
        )
    )
    history: list[AuditEvent] = strawberry.field(
        description=HISTORY_HELP, metadata=history_of("review_contribution")
    )
    published_versions: list[PublishedVersion] = strawberry.field(
        description=VERSIONS_HELP, metadata=published_versions_of("review_contribution")
    )


@strawberry.input(
    description="Which review contributions to list; every given condition must hold."
)
class ReviewContributionFilter:
    __read__ = InputChecks(spans=(("submittedFrom", "submittedTo"),))
    iscm: str | None = strawberry.field(
        default=None,
        description="Slug of the contributing ISCM.",
        metadata=argument(
            condition=lambda _, row, iscm_id, __: row.c.iscm_id == iscm_id, reference=ISCM_SLUG
        ),
    )
    review_process: str | None = strawberry.field(
        default=None,
        description="Slug of the review, e.g. `imrf-2026`.",
        metadata=argument(
            condition=lambda _, row, process_id, __: row.c.review_process_id == process_id,
            reference=REVIEW_PROCESS_SLUG,
        ),
    )
    gcm_objective: int | None = strawberry.field(
        default=None,
        description="GCM objective number (1-23) it addresses.",
        metadata=argument(
            check=objective_number,
            condition=lambda _, row, number, __: contribution_has_objective(row, number),
        ),
    )
    status: ContributionStatus | None = strawberry.field(
        default=None,
        description="Workflow status; without credentials only PUBLISHED ones exist for you.",
        metadata=argument(condition=lambda _, row, status, __: row.c.status == status),
    )
    level: GovernanceLevel | None = strawberry.field(
        default=None,
        description="Governance level.",
        metadata=argument(condition=lambda _, row, level, __: row.c.level == level),
    )
    phase: GovernancePhase | None = strawberry.field(
        default=None,
        description="Governance phase.",
        metadata=argument(condition=lambda _, row, phase, __: row.c.phase == phase),
    )
    outcome_type: OutcomeType | None = strawberry.field(
        default=None,
        description="Outcome type.",
        metadata=argument(condition=lambda _, row, kind, __: row.c.outcome_type == kind),
    )
    submitted_from: date | None = strawberry.field(
        default=None,
        description="Submitted on or after this day (UTC); drafts never submitted are left out.",
        metadata=argument(condition=lambda _, row, day, __: submitted_day(row) >= day),
    )
    submitted_to: date | None = strawberry.field(
        default=None,
        description="Submitted on or before this day (UTC); drafts never submitted are left out.",
        metadata=argument(condition=lambda _, row, day, __: submitted_day(row) <= day),
    )
    synthetic: bool | None = strawberry.field(
        default=None,
        description="Only generated example data (true) or only real data (false).",
        metadata=argument(condition=lambda _, row, flag, __: row.c.synthetic == flag),
    )
    removed: bool = strawberry.field(
        default=False,
        description="Editors: list the removed ones (that `restoreReviewContribution` can bring back) instead; nobody else sees any.",
        metadata=argument(instead_of_visible=removed_visible),
    )
    updated_since: datetime | None = updated_since()


@strawberry.input(description="Which review processes to list.")
class ReviewProcessFilter:
    kind: ReviewKind | None = strawberry.field(
        default=None,
        description="Global or regional.",
        metadata=argument(condition=lambda _, row, kind, __: row.c.kind == kind),
    )
    regional_commission: str | None = strawberry.field(
        default=None,
        description="UN regional commission, e.g. ESCAP.",
        metadata=argument(
            check=lambda name, _: name.strip().upper(),
            condition=lambda _, row, name, __: row.c.regional_commission == name,
        ),
    )
    year: int | None = strawberry.field(
        default=None,
        description="Year the review concludes.",
        metadata=argument(
            check=checked_year, condition=lambda _, row, given, __: row.c.year == given
        ),
    )
    updated_since: datetime | None = updated_since()


@strawberry.type(
    description="A GCM review: an International Migration Review Forum or a regional review."
)
class ReviewProcess(relay.Node):
    __read__ = table(models.ReviewProcess, key="id")
    review_process_id: relay.NodeID[int]
    slug: str = strawberry.field(description="Stable identifier, e.g. `imrf-2026`.")
    name: str = strawberry.field(description="Name.")
    kind: ReviewKind = strawberry.field(description="Global or regional.")
    regional_commission: str | None = strawberry.field(
        description="The UN regional commission leading a regional review, e.g. ESCAP."
    )
    year: int = strawberry.field(description="Year the review concludes.")
    opens_on: date = strawberry.field(description="First day contributions may be submitted.")
    closes_on: date = strawberry.field(description="Last day contributions may be submitted.")
    window_status: WindowStatus = strawberry.field(
        description="Whether `opensOn` and `closesOn` are the organisers' dates or an estimate."
    )
    description: str = strawberry.field(description="What the review is.")
    url: str | None = strawberry.field(description="Official page, when known.")
    sources: list[str] = strawberry.field(
        description="Public sources of its record and its window, as editors cited them."
    )
    version: int = strawberry.field(description="Incremented on every change to this record.")
    created_at: datetime = strawberry.field(description="When the record was created.")
    updated_at: datetime = strawberry.field(description="When the record last changed.")
    is_open: bool = strawberry.field(
        description="Whether contributions may be submitted today (UTC): `opensOn` to `closesOn`. Drafts may be written at any time.",
        metadata=computed(lambda process, _: window_open(process)),
    )
    contributions: Connection[ReviewContribution] = page_field(
        "Contributions made to this review that you may see.",
        Paginated(
            lambda process, contribution, _: contribution.c.review_process_id == process.c.id,
            CONTRIBUTION_SORTS,
            "CREATED",
            newest_first("CREATED"),
        ),
        order_by=ReviewContributionOrder,
        filter=ReviewContributionFilter,
    )


@strawberry.type
class ReviewQuery:
    review_contributions: Connection[ReviewContribution] = page_field(
        f"Review contributions you may see (PUBLISHED ones without credentials), newest first by default. {PAGE_HELP}",
        Paginated(None, CONTRIBUTION_SORTS, "CREATED", newest_first("CREATED")),
        filter=ReviewContributionFilter,
        order_by=ReviewContributionOrder,
    )
    review_processes: Connection[ReviewProcess] = page_field(
        f"GCM reviews, in the order they open. {PAGE_HELP}",
        Paginated(None, REVIEW_PROCESS_SORTS, "OPENS_ON"),
        filter=ReviewProcessFilter,
    )
    review_process: ReviewProcess | None = field_with(
        "One GCM review by slug; null when there is none.",
        Relation(
            arguments={"slug": Argument(condition=lambda _, row, slug, __: row.c.slug == slug)}
        ),
        slug=str,
    )
