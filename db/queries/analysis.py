"""SQL of the analyses: objective counts, governance profiles, the coverage matrix, and what
each rests on.

Recommendations and contributions count only where the reader may see them
(db/queries/visibility.py), a recommendation for every ISCM it belongs to (shared ones
included), and synthetic (demo) records only where the caller asks for them: an analysis's
rows carry that choice as `include_synthetic` (declared with the field's argument), and the
selects below read it from the row they derive from.
"""

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ColumnElement,
    Integer,
    Select,
    and_,
    any_,
    case,
    cast,
    distinct,
    func,
    literal_column,
    not_,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by, array

from db import models
from db.queries.recommendations import belongs_to, recommendations_by_iscm
from db.queries.visibility import Visibility, record_visible

OBJECTIVES = 23
# The governance dimensions and the vocabulary table giving each its order.
VOCABULARIES = {
    "level": models.GovernanceLevel,
    "phase": models.GovernancePhase,
    "outcome_type": models.OutcomeType,
}


# The analyses' rows are tagged `recommended`: true for a recommendation, false for a review
# contribution (a boolean, which the counts' FILTERs test more cheaply than a text tag).
RECOMMENDED = literal_column("true", Boolean)
CONTRIBUTED = literal_column("false", Boolean)


def _counts(recommended: ColumnElement[bool]) -> tuple[ColumnElement[int], ColumnElement[int]]:
    """Recommendation and contribution counts over rows tagged `recommended`."""
    return (
        func.count().filter(recommended).label("recommendation_count"),
        func.count().filter(not_(recommended)).label("contribution_count"),
    )


def counted(rows: Any, include_synthetic: ColumnElement[bool]) -> ColumnElement[bool]:
    """Whether a record counts: a real one always, a synthetic one only when asked for."""
    return or_(include_synthetic, not_(rows.c.synthetic))


def objective_links(visibility: Visibility) -> Any:
    """(iscm_id, objective_number, recommended, synthetic): objective links of the recommendations
    (for each ISCM they belong to) and contributions the reader may see."""
    recommendation = recommendations_by_iscm(visibility)
    recommended = models.recommendation_gcm_objectives.alias()
    contribution = models.ReviewContribution.__table__.alias()
    contributed = models.review_contribution_gcm_objectives.alias()
    return union_all(
        select(
            recommendation.c.iscm_id,
            recommended.c.objective_number,
            RECOMMENDED.label("recommended"),
            recommendation.c.synthetic,
        ).join(recommended, recommended.c.recommendation_id == recommendation.c.recommendation_id),
        select(
            contribution.c.iscm_id,
            contributed.c.objective_number,
            CONTRIBUTED.label("recommended"),
            contribution.c.synthetic,
        )
        .join(contribution, contribution.c.id == contributed.c.contribution_id)
        .where(record_visible(contribution, visibility)),
    ).subquery()


def _real_and_all(recommended: ColumnElement[bool], synthetic: ColumnElement[bool]) -> list[Any]:
    """Recommendation and contribution counts, of real records and of all."""
    real = not_(synthetic)
    contributed = not_(recommended)
    return [
        func.count().filter(and_(recommended, real)).label("real_recommendation_count"),
        func.count().filter(recommended).label("all_recommendation_count"),
        func.count().filter(and_(contributed, real)).label("real_contribution_count"),
        func.count().filter(contributed).label("all_contribution_count"),
    ]


def objective_counts(visibility: Visibility) -> Select[Any]:
    """(iscm_id, objective_number, then counts of real records and of all), addressed pairs:
    the row's `include_synthetic` chooses which counts it shows (`chosen`)."""
    links = objective_links(visibility)
    return select(
        links.c.iscm_id,
        links.c.objective_number,
        *_real_and_all(links.c.recommended, links.c.synthetic),
    ).group_by(links.c.iscm_id, links.c.objective_number)


def chosen(row: Any, counted_records: str) -> ColumnElement[int]:
    """Of a row with real and all counts, the `counted_records` ("recommendation" or
    "contribution") count its `include_synthetic` asks for."""
    return case(
        (row.c.include_synthetic, row.c[f"all_{counted_records}_count"]),
        else_=row.c[f"real_{counted_records}_count"],
    )


def addressing(objective: Any, iscm: Any, visibility: Visibility) -> ColumnElement[bool]:
    """Whether a real recommendation or contribution of the ISCM the reader may see addresses
    the objective."""
    links = objective_links(visibility)
    return (
        select(links.c.iscm_id)
        .where(
            links.c.iscm_id == iscm.c.id,
            links.c.objective_number == objective.c.number,
            not_(links.c.synthetic),
        )
        .correlate_except(links)
        .exists()
    )


def outcomes(visibility: Visibility) -> Any:
    """(iscm_id, record_id, level, phase, outcome_type, classification, synthetic, recommended):
    the recommendations (for each ISCM they belong to) and contributions the reader may see."""
    recommendation = recommendations_by_iscm(visibility)
    contribution = models.ReviewContribution.__table__.alias()
    return union_all(
        select(
            recommendation.c.iscm_id,
            recommendation.c.recommendation_id.label("record_id"),
            recommendation.c.level,
            recommendation.c.phase,
            recommendation.c.outcome_type,
            recommendation.c.classification,
            recommendation.c.synthetic,
            RECOMMENDED.label("recommended"),
        ),
        select(
            contribution.c.iscm_id,
            contribution.c.id.label("record_id"),
            contribution.c.level,
            contribution.c.phase,
            contribution.c.outcome_type,
            literal_column("NULL::varchar").label("classification"),
            contribution.c.synthetic,
            CONTRIBUTED.label("recommended"),
        ).where(record_visible(contribution, visibility)),
    ).subquery()


def profile_row(_: Visibility, iscm: Any) -> Select[Any]:
    """An ISCM's governance profile: the ISCM's id (the field's argument adds its choice)."""
    return select(iscm.c.id.label("iscm_id"))


def _profiled(visibility: Visibility, profile: Any) -> tuple[Any, list[ColumnElement[bool]]]:
    """The outcomes of the profile's ISCM and the conditions that count them."""
    rows = outcomes(visibility)
    return rows, [rows.c.iscm_id == profile.c.iscm_id, counted(rows, profile.c.include_synthetic)]


def governance_cells(visibility: Visibility, profile: Any) -> Select[Any]:
    """Counts per combination of level, phase and outcome type (non-empty ones)."""
    rows, conditions = _profiled(visibility, profile)
    dimensions = (rows.c.level, rows.c.phase, rows.c.outcome_type)
    return (
        select(*dimensions, *_counts(rows.c.recommended)).where(*conditions).group_by(*dimensions)
    )


def governance_totals(dimension: str) -> Any:
    """Counts per value of one dimension, with the value's place in its vocabulary."""
    vocabulary = VOCABULARIES[dimension].__table__

    def totals(visibility: Visibility, profile: Any) -> Select[Any]:
        rows, conditions = _profiled(visibility, profile)
        value = rows.c[dimension]
        return (
            select(
                value.label(dimension),
                func.min(vocabulary.c.position).label("position"),
                *_counts(rows.c.recommended),
            )
            .outerjoin(vocabulary, vocabulary.c.code == value)
            .where(*conditions)
            .group_by(value)
        )

    return totals


def _record_count(
    model: Any, profile: Any, visibility: Visibility, belongs: Any
) -> ColumnElement[int]:
    record = model.__table__.alias()
    return (
        select(func.count())
        .where(
            belongs(record, profile.c.iscm_id),
            record_visible(record, visibility),
            counted(record, profile.c.include_synthetic),
        )
        .correlate(profile)
        .scalar_subquery()
    )


def recommendation_count(profile: Any, visibility: Visibility) -> ColumnElement[int]:
    """How many of the profile ISCM's recommendations (shared ones included) count."""
    return _record_count(models.Recommendation, profile, visibility, belongs_to)


def contribution_count(profile: Any, visibility: Visibility) -> ColumnElement[int]:
    """How many of the profile ISCM's contributions count."""
    return _record_count(
        models.ReviewContribution,
        profile,
        visibility,
        lambda contribution, iscm_id: contribution.c.iscm_id == iscm_id,
    )


def basis(
    visibility: Visibility,
    iscm_ids: ColumnElement[Any],
    iscm_count: ColumnElement[int],
    include_synthetic: ColumnElement[bool],
) -> Select[*tuple[Any, ...]]:
    """What an analysis of the ISCMs `iscm_ids` rests on: one row of counts.

    A recommendation has a row for each of the ISCMs it belongs to, so its counts are of
    distinct ids; a contribution belongs to one ISCM, a row each, so its are plain counts.
    (Distinct ids, not distinct text tags of both kinds: each DISTINCT sorts its values, and
    sorting text by collation cost more than reading the records.)
    """
    rows = outcomes(visibility)
    recommended = rows.c.recommended
    contributed = not_(recommended)

    def recommendations(*conditions: ColumnElement[bool]) -> ColumnElement[int]:
        return func.count(distinct(rows.c.record_id)).filter(and_(recommended, *conditions))

    def contributions(*conditions: ColumnElement[bool]) -> ColumnElement[int]:
        return func.count().filter(and_(contributed, *conditions))

    classification = rows.c.classification
    return select(
        include_synthetic.label("includes_synthetic"),
        iscm_count.label("iscm_count"),
        func.count(distinct(rows.c.iscm_id)).label("iscms_with_records"),
        recommendations().label("recommendation_count"),
        contributions().label("contribution_count"),
        recommendations(classification == "EDITORIAL").label("editorial_count"),
        recommendations(classification == "AS_PUBLISHED").label("as_published_count"),
        recommendations(classification.is_(None)).label("unclassified_count"),
        (recommendations(rows.c.synthetic) + contributions(rows.c.synthetic)).label(
            "synthetic_count"
        ),
    ).where(rows.c.iscm_id == any_(iscm_ids), counted(rows, include_synthetic))


def profile_basis(visibility: Visibility, profile: Any) -> Select[Any]:
    """What an ISCM's governance profile rests on."""
    ids = array([profile.c.iscm_id])
    return basis(visibility, ids, literal_column("1"), profile.c.include_synthetic)


def coverage_basis(visibility: Visibility, coverage: Any) -> Select[Any]:
    """What the coverage matrix rests on: the records of its rows' ISCMs."""
    return basis(
        visibility,
        coverage.c.iscm_ids,
        func.cardinality(coverage.c.iscm_ids),
        coverage.c.include_synthetic,
    )


def coverage_scope(iscms: Any, _: Visibility) -> Select[Any]:
    """The matrix's rows: the chosen ISCMs' ids, by name (the field's argument adds whether
    synthetic records count)."""
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


def coverage_rows(visibility: Visibility, coverage: Any) -> Select[Any]:
    """The matrix's ISCMs, each with its row: its 23 counts of each kind (arrays, by objective)
    and their sums.

    The links of the matrix's ISCMs are counted per (ISCM, objective) first, in one grouped
    pass, and only those few cells are spread into the 23 places of each row: spreading the
    links themselves tested every link 46 times.

    PostgreSQL cannot know how many ISCMs the matrix spans (an array computed in the
    statement) and plans for a few, probing each contribution's links by index: slower for
    the whole heatmap (3,000 probes) than hashing all links, but reading all links (an
    OFFSET 0 fence) cost more whenever few records count (a filtered matrix, real records
    of a demo database), so the choice is left to it.
    """
    links = objective_links(visibility)
    recommended = links.c.recommended
    cells = (
        select(
            links.c.iscm_id,
            links.c.objective_number,
            func.count().filter(recommended).label("recommendation_count"),
            func.count().filter(not_(recommended)).label("contribution_count"),
        )
        .where(
            links.c.iscm_id == any_(coverage.c.iscm_ids),
            counted(links, coverage.c.include_synthetic),
        )
        .group_by(links.c.iscm_id, links.c.objective_number)
        .correlate(coverage)
        .subquery()
    )
    iscm = models.Iscm.__table__.alias()

    def per_objective(count: ColumnElement[int]) -> ColumnElement[Any]:
        return array(
            [
                _summed(func.sum(count).filter(cells.c.objective_number == number))
                for number in range(1, OBJECTIVES + 1)
            ]
        )

    return (
        select(
            *iscm.c,
            per_objective(cells.c.recommendation_count).label("recommendation_counts"),
            per_objective(cells.c.contribution_count).label("contribution_counts"),
            _summed(func.sum(cells.c.recommendation_count)).label("recommendation_count"),
            _summed(func.sum(cells.c.contribution_count)).label("contribution_count"),
        )
        .select_from(iscm.outerjoin(cells, cells.c.iscm_id == iscm.c.id))
        .where(iscm.c.id == any_(coverage.c.iscm_ids))
        .group_by(iscm.c.id)
    )


def coverage_cells(_: Visibility, row: Any) -> Select[Any]:
    """One matrix row's 23 cells, from its arrays of counts."""
    number = _objective_numbers()
    return select(
        number.c.number.label("objective_number"),
        row.c.recommendation_counts[number.c.number].label("recommendation_count"),
        row.c.contribution_counts[number.c.number].label("contribution_count"),
    ).select_from(number)


def coverage_totals(visibility: Visibility, coverage: Any) -> Select[Any]:
    """The 23 column totals over the matrix's rows.

    The links are counted per objective first (a hashed pass), then the 23 objectives
    joined to those counts: joining the links themselves to the objectives sorted every link
    by objective to count them.
    """
    links = objective_links(visibility)
    totals = (
        select(links.c.objective_number, *_counts(links.c.recommended))
        .where(
            links.c.iscm_id == any_(coverage.c.iscm_ids),
            counted(links, coverage.c.include_synthetic),
        )
        .group_by(links.c.objective_number)
        .correlate(coverage)
        .subquery()
    )
    number = _objective_numbers()
    return select(
        number.c.number.label("objective_number"),
        _summed(totals.c.recommendation_count).label("recommendation_count"),
        _summed(totals.c.contribution_count).label("contribution_count"),
    ).select_from(number.outerjoin(totals, totals.c.objective_number == number.c.number))


def addressed(count: Any) -> ColumnElement[bool]:
    """Whether an objective count counts anything, given its row's `include_synthetic`."""
    real = count.c.real_recommendation_count + count.c.real_contribution_count
    return or_(count.c.include_synthetic, real > 0)
