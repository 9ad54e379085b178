"""Names that filters and arguments look up in the statement itself, and how an unknown one
is reported (each a BAD_USER_INPUT naming the argument, unless said otherwise)."""

from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select

from db import models
from resolvers.errors import ErrorCode
from schema.read_path.declare import Reference, by_name

ISCM_SLUG = by_name(
    models.Iscm.slug,
    lambda slug, path: f"`{path}`: no ISCM has the slug {slug!r}",
    returning=models.Iscm.id,
)
STATE_CODE = by_name(
    models.MemberState.iso3, lambda code, path: f"`{path}`: no State has the code {code}"
)
THEME_SLUG = by_name(
    models.ThematicArea.slug,
    lambda slug, path: f"`{path}`: no thematic area has the slug {slug!r}",
)
SDG_CODE = by_name(
    models.SdgTarget.code,
    lambda code, path: f"`{path}`: no SDG target or indicator has the code {code!r}",
)
REVIEW_PROCESS_SLUG = by_name(
    models.ReviewProcess.slug,
    lambda slug, path: f"`{path}`: no review process has the slug {slug!r}",
    returning=models.ReviewProcess.id,
)
STATE_OF_OBSERVATIONS = by_name(
    models.MemberState.iso3,
    lambda code, _: f"no State with ISO3 {code}",
    code=ErrorCode.NOT_FOUND,
)


def _region_known(name: Any) -> ColumnElement[bool]:
    state = models.MemberState.__table__.alias()
    return exists().where(
        or_(state.c.region == name, state.c.subregion == name, state.c.intermediate_region == name)
    )


REGION_NAME = Reference(
    lookup=None,
    missing=lambda name: select(name).where(~_region_known(name)).scalar_subquery(),
    message=lambda name, path: (
        f"`{path}`: {name!r} is not an M49 region, sub-region or intermediate region name"
    ),
)


def _first_unknown_slug(slugs: Any) -> ColumnElement[Any]:
    iscm = models.Iscm.__table__.alias()
    given = func.unnest(slugs).table_valued("slug", with_ordinality="position").render_derived()
    return (
        select(given.c.slug)
        .where(~exists().where(iscm.c.slug == given.c.slug).correlate_except(iscm))
        .order_by(given.c.position)
        .limit(1)
        .scalar_subquery()
    )


ISCM_SLUGS = Reference(
    lookup=None,
    missing=_first_unknown_slug,
    message=lambda slug, path: f"`{path}`: no ISCM has the slug {slug!r}",
)
