"""SQL of recommendations: their orders and the links filters and lists go through."""

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Date, exists, func, literal_column, select, union_all

from db import models
from db.queries.visibility import Visibility, record_visible
from db.readsql.tree import SortKey

Recommendation = models.Recommendation
# Undated recommendations sort as the oldest, so newest-first lists end with them.
UNDATED = literal_column(f"'{date.min.isoformat()}'::date", Date)

RECOMMENDATION_SORTS = {
    "ADOPTED_ON": SortKey(
        "ADOPTED_ON",
        (func.coalesce(Recommendation.adopted_on, UNDATED), Recommendation.id),
        nullable=Recommendation.adopted_on,
    ),
    "TITLE": SortKey("TITLE", (Recommendation.title, Recommendation.id)),
}


def linked(table: Any, column: str, recommendation: Any, value: Any) -> ColumnElement[bool]:
    """Whether the recommendation has a row in link `table` with `column` = `value`."""
    link = table.alias()
    return (
        exists()
        .where(link.c.recommendation_id == recommendation.c.id, link.c[column] == value)
        .correlate_except(link)
    )


def has_objective(recommendation: Any, number: Any) -> ColumnElement[bool]:
    """Whether the recommendation addresses GCM objective `number`."""
    return linked(models.recommendation_gcm_objectives, "objective_number", recommendation, number)


def has_sdg_target(recommendation: Any, code: Any) -> ColumnElement[bool]:
    """Whether the recommendation is linked to the SDG target or indicator `code`."""
    return linked(models.recommendation_sdg_targets, "sdg_code", recommendation, code)


def has_theme(recommendation: Any, slug: Any) -> ColumnElement[bool]:
    """Whether the recommendation addresses the thematic area `slug`."""
    return linked(models.recommendation_thematic_areas, "thematic_area_slug", recommendation, slug)


def of_member_state(recommendation: Any, state: Any) -> ColumnElement[bool]:
    """Whether an ISCM the recommendation belongs to has the State as a member (not observer)."""
    membership = models.IscmMembership.__table__.alias()
    pairs = iscm_pairs()
    return (
        exists()
        .where(
            pairs.c.recommendation_id == recommendation.c.id,
            membership.c.iscm_id == pairs.c.iscm_id,
            membership.c.state_iso3 == state.c.iso3,
            membership.c.role == "MEMBER",
        )
        .correlate_except(membership, pairs)
    )


def iscm_pairs() -> Any:
    """(recommendation_id, iscm_id): every ISCM each recommendation belongs to, its own and
    those it is shared with (a text two processes adopted together)."""
    recommendation = Recommendation.__table__.alias()
    shared = models.recommendation_shared_iscms.alias()
    return union_all(
        select(recommendation.c.id.label("recommendation_id"), recommendation.c.iscm_id).where(
            recommendation.c.iscm_id.is_not(None)
        ),
        select(shared.c.recommendation_id, shared.c.iscm_id),
    ).subquery()


def recommendations_by_iscm(visibility: Visibility) -> Any:
    """(iscm_id, recommendation_id, level, phase, outcome_type, classification, synthetic):
    the recommendations the reader may see, once for every ISCM they belong to.

    A recommendation's own ISCM is read from its row, the ISCMs it is shared with from the
    link table joined to it: one ISCM's records are then read by index on either side, each
    row once (joining the rows to the (recommendation, ISCM) pairs read them twice).
    """
    own, shared_row = Recommendation.__table__.alias(), Recommendation.__table__.alias()
    shared = models.recommendation_shared_iscms.alias()

    def columns(row: Any) -> list[ColumnElement[Any]]:
        return [
            row.c.id.label("recommendation_id"),
            row.c.level,
            row.c.phase,
            row.c.outcome_type,
            row.c.classification,
            row.c.synthetic,
        ]

    return union_all(
        select(own.c.iscm_id, *columns(own)).where(
            own.c.iscm_id.is_not(None), record_visible(own, visibility)
        ),
        select(shared.c.iscm_id, *columns(shared_row))
        .join(shared_row, shared_row.c.id == shared.c.recommendation_id)
        .where(record_visible(shared_row, visibility)),
    ).subquery()


def belongs_to(recommendation: Any, iscm_id: Any) -> ColumnElement[bool]:
    """Whether the recommendation is the ISCM's own or shared with it.

    An EXISTS over the (recommendation, ISCM) pairs rather than `own OR shared`: PostgreSQL
    reads the pairs of one ISCM by index, where the OR made it filter every recommendation.
    """
    pairs = iscm_pairs()
    return (
        exists()
        .where(pairs.c.recommendation_id == recommendation.c.id, pairs.c.iscm_id == iscm_id)
        .correlate_except(pairs)
    )
