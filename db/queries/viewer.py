"""Who reads, as far as row visibility goes: a hashable value that can key DataLoaders."""

from dataclasses import dataclass

from sqlalchemy import ColumnElement

from db.queries.visibility import contribution_visible


@dataclass(frozen=True)
class Viewer:
    """The visibility-relevant part of a principal."""

    sees_everything: bool = False
    own_iscm_ids: frozenset[int] = frozenset()

    def sees_contributions(self) -> ColumnElement[bool]:
        """The review contributions this viewer may read."""
        return contribution_visible(
            sees_everything=self.sees_everything, own_iscm_ids=self.own_iscm_ids
        )


ANONYMOUS_VIEWER = Viewer()
