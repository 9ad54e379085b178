"""Row visibility rules in SQL, so every read path applies the same ones."""

from collections.abc import Collection

from sqlalchemy import ColumnElement, or_, true

from db import models


def contribution_visible(
    *, sees_everything: bool, own_iscm_ids: Collection[int]
) -> ColumnElement[bool]:
    """Published contributions for everyone; all of its own ISCMs' for a partner; all for editors."""
    contribution = models.ReviewContribution
    if sees_everything:
        return true()
    if own_iscm_ids:
        return or_(contribution.status == "PUBLISHED", contribution.iscm_id.in_(list(own_iscm_ids)))
    return contribution.status == "PUBLISHED"
