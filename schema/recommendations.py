"""Recommendations adopted by ISCMs and Global RCP meetings, with their root list."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy import Select, select
from strawberry import relay

from db import models
from db.queries.recommendations import (
    RECOMMENDATION_SORTS,
    belongs_to,
    has_objective,
    has_sdg_target,
    has_theme,
)
from db.queries.text_search import matches
from db.queries.visibility import Visibility, named_record, record_visible, removed_visible
from db.readsql.tree import Row
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
from schema.graph_enums import ClassificationKind, ContributionStatus
from schema.orderings import RecommendationOrder, newest_first
from schema.pagination import PAGE_HELP, Connection, page_field
from schema.read_path.arguments import objective_number, search_text
from schema.read_path.declare import (
    InputChecks,
    Paginated,
    argument,
    computed,
    per_parent,
    related,
    table,
)
from schema.references import ISCM_SLUG, SDG_CODE, THEME_SLUG

if TYPE_CHECKING:
    from schema.calendar import Event
    from schema.catalogue import Iscm
    from schema.documents import Document
    from schema.gcm import GcmObjective
    from schema.reference import SdgTarget, ThematicArea


@strawberry.type(
    description="Who classified a record's governance level, phase, outcome type, objectives and themes, and on what ground."
)
class Classification:
    # Read from the record's own row, when it carries a classification.
    kind: ClassificationKind = strawberry.field(
        description="EDITORIAL: the catalogue's judgement, an interpretation of the source, not its words; AS_PUBLISHED: as the source states it."
    )
    note: str | None = strawberry.field(description="Why it was classified so, in one line.")


def classification_of(_: Visibility, record: Row) -> Select[Any]:
    """A record's classification, as a row of its own (none when it carries none)."""
    return select(
        record.c.classification.label("kind"), record.c.classification_note.label("note")
    ).where(record.c.classification.is_not(None))


@strawberry.federation.type(
    keys=["id"],
    description="A recommendation adopted by an ISCM or by a Global RCP meeting. Only PUBLISHED ones are public (the curated ones are published on load); drafts are visible to their ISCM's partners and to editors. Removed ones are visible to nobody; the id of a duplicate merged into another names that one.",
)
class Recommendation(relay.Node):
    __read__ = table(
        models.Recommendation,
        key="id",
        visible=record_visible,
        named=lambda key: named_record(models.Recommendation.__table__, key),
    )
    recommendation_id: relay.NodeID[int]
    slug: str | None = strawberry.field(
        description="Stable identifier of an outcome of the ISCMs' own documents (loaded from the catalogue's files); null for others."
    )
    number: str | None = strawberry.field(
        description='Its number in its document as the source prints it ("3", "5a", "B"), when it shows one.'
    )
    number_note: str | None = strawberry.field(
        description="What the number refers to, where unclear."
    )
    title: str = strawberry.field(description="Title.")
    title_is_descriptive: bool = strawberry.field(
        description="True where the source gives no title and this one was written by the catalogue to describe the text."
    )
    title_note: str | None = strawberry.field(
        description="How the title was made, where it is not the source's."
    )
    text: str = strawberry.field(
        description="Full text, or for the ISCMs' outcomes a paraphrased summary (see `sources` for the words)."
    )
    adopted_on: date | None = strawberry.field(description="Date of adoption, when known.")
    level: GovernanceLevel | None = strawberry.field(
        description="The governance level it acts at, when classified."
    )
    phase: GovernancePhase | None = strawberry.field(
        description="The policy-cycle phase it belongs to, when classified."
    )
    outcome_type: OutcomeType | None = strawberry.field(
        description="The kind of outcome it is, when classified."
    )
    source_url: str | None = strawberry.field(
        description="Where the text was published (required of recommendations written through the API)."
    )
    classification: Classification | None = strawberry.field(
        description="Who classified its level, phase, outcome type, objectives and themes: EDITORIAL means the catalogue's judgement, not the source's words, with the note that explains it. Null where nobody said.",
        metadata=related(rows=per_parent("Classification", classification_of)),
    )
    sources: list[str] = strawberry.field(
        description="URLs of the public sources this record rests on."
    )
    link_note: str | None = strawberry.field(
        description="Why it is linked to its document or meeting, where that link is a judgement."
    )
    conflicts: str | None = strawberry.field(
        description="Where the sources disagree about it, with both sides."
    )
    status: ContributionStatus = strawberry.field(description="Where it stands in its workflow.")
    submitted_at: datetime | None = strawberry.field(description="When it was submitted.")
    published_at: datetime | None = strawberry.field(description="When it was published.")
    synthetic: bool = strawberry.field(
        description="True for generated example data (`iscm-graph seed --demo`), never a real recommendation."
    )
    version: int = strawberry.field(description="Incremented on every change to this record.")
    created_at: datetime = strawberry.field(description="When the record was created.")
    updated_at: datetime = strawberry.field(description="When the record last changed.")
    removed_at: datetime | None = strawberry.field(
        description="When an editor removed it (only editors list removed records); null otherwise.",
        metadata=computed(lambda recommendation, _: recommendation.c.deleted_at),
    )
    iscm: Annotated["Iscm", strawberry.lazy("schema.catalogue")] | None = strawberry.field(
        description="The ISCM that adopted it; null when a Global RCP meeting adopted it.",
        metadata=related(lambda recommendation, iscm, _: iscm.c.id == recommendation.c.iscm_id),
    )
    iscms: list[Annotated["Iscm", strawberry.lazy("schema.catalogue")]] = strawberry.field(
        description="Every ISCM it belongs to, by name: the one that adopted it and those it was adopted together with.",
        metadata=related(
            lambda recommendation, iscm, _: belongs_to(recommendation, iscm.c.id),
            order=lambda iscm: (iscm.c.name, iscm.c.id),
        ),
    )
    event: Annotated["Event", strawberry.lazy("schema.calendar")] | None = strawberry.field(
        description="The meeting that adopted it, when recorded.",
        metadata=related(lambda recommendation, event, _: event.c.id == recommendation.c.event_id),
    )
    document: Annotated["Document", strawberry.lazy("schema.documents")] | None = strawberry.field(
        description="The document it is part of, when recorded.",
        metadata=related(
            lambda recommendation, document, _: document.c.id == recommendation.c.document_id
        ),
    )
    thematic_areas: list[Annotated["ThematicArea", strawberry.lazy("schema.reference")]] = (
        strawberry.field(
            description="Themes it addresses, by name.",
            metadata=related(
                lambda recommendation, theme, _: has_theme(recommendation, theme.c.slug),
                order=lambda theme: (theme.c.name,),
            ),
        )
    )
    gcm_objectives: list[Annotated["GcmObjective", strawberry.lazy("schema.gcm")]] = (
        strawberry.field(
            description="GCM objectives it addresses, by number.",
            metadata=related(
                lambda recommendation, objective, _: has_objective(
                    recommendation, objective.c.number
                ),
                order=lambda objective: (objective.c.number,),
            ),
        )
    )
    history: list[AuditEvent] = strawberry.field(
        description=HISTORY_HELP, metadata=history_of("recommendation")
    )
    published_versions: list[PublishedVersion] = strawberry.field(
        description=f"{VERSIONS_HELP} Curated records published on load have none.",
        metadata=published_versions_of("recommendation"),
    )
    sdg_targets: list[Annotated["SdgTarget", strawberry.lazy("schema.reference")]] = (
        strawberry.field(
            description="SDG targets and indicators it is linked to, by code.",
            metadata=related(
                lambda recommendation, target, _: has_sdg_target(recommendation, target.c.code),
                order=lambda target: (target.c.goal, target.c.code),
            ),
        )
    )


@strawberry.input(description="Which recommendations to list; every given condition must hold.")
class RecommendationFilter:
    __read__ = InputChecks(spans=(("adoptedFrom", "adoptedTo"),))
    iscm: str | None = strawberry.field(
        default=None,
        description="Slug of an ISCM it belongs to (that adopted it, alone or with others).",
        metadata=argument(
            condition=lambda _, row, iscm_id, __: belongs_to(row, iscm_id), reference=ISCM_SLUG
        ),
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
    gcm_objective: int | None = strawberry.field(
        default=None,
        description="GCM objective number (1-23) it addresses.",
        metadata=argument(
            check=objective_number,
            condition=lambda _, row, number, __: has_objective(row, number),
        ),
    )
    sdg_target: str | None = strawberry.field(
        default=None,
        description="Code of an SDG target or indicator it is linked to.",
        metadata=argument(
            check=lambda code, _: code.strip(),
            condition=lambda _, row, code, __: has_sdg_target(row, code),
            reference=SDG_CODE,
        ),
    )
    thematic_area: str | None = strawberry.field(
        default=None,
        description="Slug of a theme it addresses.",
        metadata=argument(
            condition=lambda _, row, slug, __: has_theme(row, slug), reference=THEME_SLUG
        ),
    )
    adopted_from: date | None = strawberry.field(
        default=None,
        description="Adopted on or after this day (undated ones are left out).",
        metadata=argument(condition=lambda _, row, day, __: row.c.adopted_on >= day),
    )
    adopted_to: date | None = strawberry.field(
        default=None,
        description="Adopted on or before this day (undated ones are left out).",
        metadata=argument(condition=lambda _, row, day, __: row.c.adopted_on <= day),
    )
    search: str | None = strawberry.field(
        default=None,
        description="Full-text search on title and text (web search syntax: quotes, `or`, `-word`).",
        metadata=argument(
            check=search_text,
            condition=lambda _, row, text, __: matches(row.c.search_vector, text),
        ),
    )
    synthetic: bool | None = strawberry.field(
        default=None,
        description="Only generated example data (true) or only real data (false).",
        metadata=argument(condition=lambda _, row, flag, __: row.c.synthetic == flag),
    )
    status: ContributionStatus | None = strawberry.field(
        default=None,
        description="Workflow status; without credentials only PUBLISHED ones exist for you.",
        metadata=argument(condition=lambda _, row, status, __: row.c.status == status),
    )
    removed: bool = strawberry.field(
        default=False,
        description="Editors: list the removed ones (that `restoreRecommendation` can bring back) instead; nobody else sees any.",
        metadata=argument(instead_of_visible=removed_visible),
    )
    updated_since: datetime | None = updated_since()


@strawberry.type
class RecommendationQuery:
    recommendations: Connection[Recommendation] = page_field(
        f"Recommendations you may see (PUBLISHED ones without credentials), newest first by default. {PAGE_HELP}",
        Paginated(None, RECOMMENDATION_SORTS, "ADOPTED_ON", newest_first("ADOPTED_ON")),
        filter=RecommendationFilter,
        order_by=RecommendationOrder,
    )
