"""Row visibility rules in SQL, in one place, so every read applies the same ones."""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, any_, or_, true


@dataclass(frozen=True)
class Visibility:
    """What a reader may see: everything (editors), or what is public plus its own ISCMs'.

    `own_iscm_ids` are the ISCMs a partner writes for: ids, or the bound parameter holding
    them in a statement built for every partner alike; None for anonymous readers.
    """

    sees_everything: bool = False
    own_iscm_ids: Collection[int] | ColumnElement[Any] | None = None

    @property
    def shape(self) -> tuple[bool, bool]:
        """What a statement built for this reader depends on: its class, not its ISCMs."""
        return self.sees_everything, self.own_iscm_ids is not None


def contribution_visible(contribution: Any, visibility: Visibility) -> ColumnElement[bool]:
    """Published contributions for everyone; all of its own ISCMs' for a partner; all for editors.

    `contribution` is the `review_contributions` table or an alias of it.
    """
    if visibility.sees_everything:
        return true()
    published = contribution.c.status == "PUBLISHED"
    own = visibility.own_iscm_ids
    if own is None:
        return published
    if isinstance(own, ColumnElement):
        return or_(published, contribution.c.iscm_id == any_(own))
    if not own:
        return published
    return or_(published, contribution.c.iscm_id.in_(list(own)))


ANONYMOUS = Visibility()
