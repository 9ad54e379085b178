"""Who reads, as far as row visibility goes: a hashable value that can key DataLoaders."""

from dataclasses import dataclass

from sqlalchemy import ColumnElement

from db import models
from db.queries.visibility import (
    audit_log_visible,
    contribution_visible,
    history_visible,
    recommendation_visible,
    removed_visible,
)


@dataclass(frozen=True)
class Viewer:
    """The visibility-relevant part of a principal."""

    sees_everything: bool = False
    own_iscm_ids: frozenset[int] = frozenset()
    reads_audit_log: bool = False

    def sees_contributions(self, *, removed: bool = False) -> ColumnElement[bool]:
        """The review contributions this viewer may read (with `removed`, the removed ones)."""
        if removed:
            return removed_visible(models.ReviewContribution, sees_everything=self.sees_everything)
        return contribution_visible(
            sees_everything=self.sees_everything, own_iscm_ids=self.own_iscm_ids
        )

    def sees_recommendations(self, *, removed: bool = False) -> ColumnElement[bool]:
        """The recommendations this viewer may read (with `removed`, the removed ones)."""
        if removed:
            return removed_visible(models.Recommendation, sees_everything=self.sees_everything)
        return recommendation_visible(
            sees_everything=self.sees_everything, own_iscm_ids=self.own_iscm_ids
        )

    def sees_history(self) -> ColumnElement[bool]:
        """The audit events of the records whose whole history this viewer may read."""
        return history_visible(sees_everything=self.sees_everything, own_iscm_ids=self.own_iscm_ids)

    def sees_audit_log(self) -> ColumnElement[bool]:
        """The audit log as a whole."""
        return audit_log_visible(reads_audit_log=self.reads_audit_log)


ANONYMOUS_VIEWER = Viewer()
