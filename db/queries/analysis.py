"""SQL of the analyses: objective counts, governance profiles, the coverage matrix.

Recommendations and contributions count only where the reader may see them
(db/queries/visibility.py); each
derived select is read for one parent at a time, its grouping key compared with the parent's.
"""

from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    Select,
    any_,
    cast,
    func,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by

from db import models
from db.queries.visibility import Visibility, record_visible

OBJECTIVES = 23
RECOMMENDED = "RECOMMENDATION"
CONTRIBUTED = "CONTRIBUTION"
# The governance dimensions and the vocabulary table giving each its order.
VOCABULARIES = {
    "level": models.GovernanceLevel,
    "phase": models.GovernancePhase,
    "outcome_type": models.OutcomeType,
}


def _source(name: str) -> ColumnElement[str]:
    return literal_column(f"'{name}'")


def _counts(source: ColumnElement[str]) -> tuple[ColumnElement[int], ColumnElement[int]]:
    """Recommendation and contribution counts over rows tagged with `source`."""
    return (
        func.count().filter(source == _source(RECOMMENDED)).label("recommendation_count"),
        func.count().filter(source == _source(CONTRIBUTED)).label("contribution_count"),
    )


def objective_links(visibility: Visibility) -> Any:
    """(iscm_id, objective_number, source): links of the recommendations and contributions the
    reader may see."""
    recommendation = models.Recommendation.__table__.alias()
    recommended = models.recommendation_gcm_objectives.alias()
    contribution = models.ReviewContribution.__table__.alias()
    contributed = models.review_contribution_gcm_objectives.alias()
    return union_all(
        select(
            recommendation.c.iscm_id,
            recommended.c.objective_number,
            _source(RECOMMENDED).label("source"),
        )
        .join(recommendation, recommendation.c.id == recommended.c.recommendation_id)
        .where(record_visible(recommendation, visibility)),
        select(
            contribution.c.iscm_id,
            contributed.c.objective_number,
            _source(CONTRIBUTED).label("source"),
        )
        .join(contribution, contribution.c.id == contributed.c.contribution_id)
        .where(record_visible(contribution, visibility)),
    ).subquery()


def objective_counts(visibility: Visibility) -> Select[Any]:
    """(iscm_id, objective_number, recommendation_count, contribution_count), addressed pairs."""
    links = objective_links(visibility)
    return select(links.c.iscm_id, links.c.objective_number, *_counts(links.c.source)).group_by(
        links.c.iscm_id, links.c.objective_number
    )


def addressing(objective: Any, iscm: Any, visibility: Visibility) -> ColumnElement[bool]:
    """Whether a recommendation or contribution of the ISCM the reader may see addresses the
    objective."""
    links = objective_links(visibility)
    return (
        select(links.c.iscm_id)
        .where(links.c.iscm_id == iscm.c.id, links.c.objective_number == objective.c.number)
        .correlate_except(links)
        .exists()
    )


def outcomes(visibility: Visibility) -> Any:
    """(iscm_id, level, phase, outcome_type, source): the recommendations and contributions the
    reader may see."""
    recommendation = models.Recommendation.__table__.alias()
    contribution = models.ReviewContribution.__table__.alias()
    return union_all(
        select(
            recommendation.c.iscm_id,
            recommendation.c.level,
            recommendation.c.phase,
            recommendation.c.outcome_type,
            _source(RECOMMENDED).label("source"),
        ).where(record_visible(recommendation, visibility)),
        select(
            contribution.c.iscm_id,
            contribution.c.level,
            contribution.c.phase,
            contribution.c.outcome_type,
            _source(CONTRIBUTED).label("source"),
        ).where(record_visible(contribution, visibility)),
    ).subquery()


def governance_cells(visibility: Visibility) -> Select[Any]:
    """Counts per ISCM and combination of level, phase and outcome type (non-empty ones)."""
    rows = outcomes(visibility)
    dimensions = (rows.c.iscm_id, rows.c.level, rows.c.phase, rows.c.outcome_type)
    return select(*dimensions, *_counts(rows.c.source)).group_by(*dimensions)


def governance_totals(dimension: str) -> Any:
    """Counts per ISCM and value of one dimension, with the value's place in its vocabulary."""
    vocabulary = VOCABULARIES[dimension].__table__

    def totals(visibility: Visibility) -> Select[Any]:
        rows = outcomes(visibility)
        value = rows.c[dimension]
        return (
            select(
                rows.c.iscm_id,
                value.label(dimension),
                func.min(vocabulary.c.position).label("position"),
                *_counts(rows.c.source),
            )
            .outerjoin(vocabulary, vocabulary.c.code == value)
            .group_by(rows.c.iscm_id, value)
        )

    return totals


def recommendation_count(iscm: Any, visibility: Visibility) -> ColumnElement[int]:
    """How many of the ISCM's recommendations the reader may see."""
    recommendation = models.Recommendation.__table__.alias()
    return (
        select(func.count())
        .where(recommendation.c.iscm_id == iscm.c.id, record_visible(recommendation, visibility))
        .correlate(iscm)
        .scalar_subquery()
    )


def contribution_count(iscm: Any, visibility: Visibility) -> ColumnElement[int]:
    """How many of the ISCM's contributions the reader may see."""
    contribution = models.ReviewContribution.__table__.alias()
    return (
        select(func.count())
        .where(contribution.c.iscm_id == iscm.c.id, record_visible(contribution, visibility))
        .correlate(iscm)
        .scalar_subquery()
    )


def coverage_scope(iscms: Any, _: Visibility) -> Select[Any]:
    """The matrix's rows: the chosen ISCMs' ids, by name."""
    ordered = func.array_agg(aggregate_order_by(iscms.c.id, iscms.c.name, iscms.c.id))
    empty = cast(literal_column("'{}'"), ARRAY(Integer))
    return select(func.coalesce(ordered, empty).label("iscm_ids"))


def in_scope(coverage: Any, iscm: Any) -> ColumnElement[bool]:
    """Whether an ISCM is a row of the matrix."""
    return iscm.c.id == any_(coverage.c.iscm_ids)


def _objective_numbers() -> Any:
    return func.generate_series(1, OBJECTIVES).table_valued("number").render_derived("objective")


def _summed(total: ColumnElement[Any]) -> ColumnElement[int]:
    return cast(func.coalesce(total, 0), BigInteger)


def coverage_rows(visibility: Visibility) -> Select[Any]:
    """Every ISCM with its matrix row: its 23 counts of each kind (arrays, by objective) and
    their sums. One grouped pass over all the links, as the matrix needs every row."""
    counts = objective_counts(visibility).subquery()
    iscm = models.Iscm.__table__.alias()
    number = _objective_numbers()
    recommended = _summed(counts.c.recommendation_count)
    contributed = _summed(counts.c.contribution_count)
    matrix = (
        select(
            iscm.c.id.label("iscm_id"),
            func.array_agg(aggregate_order_by(recommended, number.c.number)).label(
                "recommendation_counts"
            ),
            func.array_agg(aggregate_order_by(contributed, number.c.number)).label(
                "contribution_counts"
            ),
            _summed(func.sum(counts.c.recommendation_count)).label("recommendation_count"),
            _summed(func.sum(counts.c.contribution_count)).label("contribution_count"),
        )
        .select_from(
            iscm.join(number, literal_column("true")).outerjoin(
                counts,
                (counts.c.iscm_id == iscm.c.id) & (counts.c.objective_number == number.c.number),
            )
        )
        .group_by(iscm.c.id)
        .subquery()
    )
    rows = models.Iscm.__table__.alias()
    return select(
        *rows.c,
        matrix.c.recommendation_counts,
        matrix.c.contribution_counts,
        matrix.c.recommendation_count,
        matrix.c.contribution_count,
    ).join(matrix, matrix.c.iscm_id == rows.c.id)


def coverage_cells(_: Visibility, row: Any) -> Select[Any]:
    """One matrix row's 23 cells, from its arrays of counts."""
    number = _objective_numbers()
    return select(
        number.c.number.label("objective_number"),
        row.c.recommendation_counts[number.c.number].label("recommendation_count"),
        row.c.contribution_counts[number.c.number].label("contribution_count"),
    ).select_from(number)


def coverage_totals(visibility: Visibility, coverage: Any) -> Select[Any]:
    """The 23 column totals over the matrix's rows."""
    counts = objective_counts(visibility).subquery()
    number = _objective_numbers()
    return (
        select(
            number.c.number.label("objective_number"),
            _summed(func.sum(counts.c.recommendation_count)).label("recommendation_count"),
            _summed(func.sum(counts.c.contribution_count)).label("contribution_count"),
        )
        .select_from(
            number.outerjoin(
                counts,
                (counts.c.iscm_id == any_(coverage.c.iscm_ids))
                & (counts.c.objective_number == number.c.number),
            )
        )
        .group_by(number.c.number)
    )
