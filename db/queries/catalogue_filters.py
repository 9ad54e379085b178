"""SQL filters on the catalogue: which ISCMs and which member States a list shows."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, or_

from db import models
from db.queries.catalogue import iscm_query, state_query
from db.queries.reference import in_region
from db.queries.text_search import matches
from db.queries.viewer import Viewer

Iscm = models.Iscm
Membership = models.IscmMembership


@dataclass(frozen=True)
class IscmCriteria:
    """Validated filters on ISCMs; None means no constraint.

    `region` is an M49 region, sub-region or intermediate region name: an ISCM matches
    when at least one of its member States (not observers) is placed there.
    """

    kind: str | None = None
    region: str | None = None
    state_iso3: str | None = None
    theme: str | None = None
    objective: int | None = None
    status: str | None = None
    search: str | None = None
    ids: frozenset[int] | None = None


@dataclass(frozen=True)
class StateCriteria:
    """Validated filters on member States."""

    region: str | None = None
    iscm_id: int | None = None
    un_members_only: bool = False


def _has_member_in(region: str) -> Any:
    """Whether the ISCM has a member State placed in the M49 region `region`."""
    return exists().where(
        Membership.iscm_id == Iscm.id,
        Membership.role == "MEMBER",
        Membership.state_iso3 == models.MemberState.iso3,
        in_region(region),
    )


def _works_on(theme: str, viewer: Viewer) -> Any:
    """Whether the ISCM is linked to the theme directly or through a visible recommendation."""
    explicit = models.iscm_thematic_areas
    link = models.recommendation_thematic_areas
    return or_(
        exists().where(explicit.c.iscm_id == Iscm.id, explicit.c.thematic_area_slug == theme),
        exists().where(
            models.Recommendation.iscm_id == Iscm.id,
            viewer.sees_recommendations(),
            link.c.recommendation_id == models.Recommendation.id,
            link.c.thematic_area_slug == theme,
        ),
    )


def _addresses(objective: int, viewer: Viewer) -> Any:
    """Whether a visible recommendation or contribution of the ISCM addresses `objective`."""
    recommended = models.recommendation_gcm_objectives
    contributed = models.review_contribution_gcm_objectives
    contribution = models.ReviewContribution
    return or_(
        exists().where(
            models.Recommendation.iscm_id == Iscm.id,
            viewer.sees_recommendations(),
            recommended.c.recommendation_id == models.Recommendation.id,
            recommended.c.objective_number == objective,
        ),
        exists().where(
            contribution.iscm_id == Iscm.id,
            viewer.sees_contributions(),
            contributed.c.contribution_id == contribution.id,
            contributed.c.objective_number == objective,
        ),
    )


def filtered_iscms(criteria: IscmCriteria, viewer: Viewer) -> Select[Any]:
    """Select the ISCMs that meet every criterion."""
    query = iscm_query()
    if criteria.kind is not None:
        query = query.where(Iscm.kind == criteria.kind)
    if criteria.status is not None:
        query = query.where(Iscm.status == criteria.status)
    if criteria.ids is not None:
        query = query.where(Iscm.id.in_(sorted(criteria.ids)))
    if criteria.region is not None:
        query = query.where(_has_member_in(criteria.region))
    if criteria.state_iso3 is not None:
        query = query.where(
            exists().where(
                Membership.iscm_id == Iscm.id, Membership.state_iso3 == criteria.state_iso3
            )
        )
    if criteria.theme is not None:
        query = query.where(_works_on(criteria.theme, viewer))
    if criteria.objective is not None:
        query = query.where(_addresses(criteria.objective, viewer))
    if criteria.search is not None:
        query = query.where(matches(Iscm.search_vector, criteria.search))
    return query


def filtered_states(criteria: StateCriteria) -> Select[Any]:
    """Select the member States that meet every criterion."""
    query = state_query()
    if criteria.un_members_only:
        query = query.where(models.MemberState.un_status == "MEMBER")
    if criteria.region is not None:
        query = query.where(in_region(criteria.region))
    if criteria.iscm_id is not None:
        query = query.where(
            exists().where(
                Membership.state_iso3 == models.MemberState.iso3,
                Membership.iscm_id == criteria.iscm_id,
            )
        )
    return query
