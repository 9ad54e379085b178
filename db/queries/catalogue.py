"""SQL of the catalogue: ISCMs, member States, their memberships, and the ISCM filters.

Functions take row aliases (the read path gives every level of a statement its own), so the
same condition serves a root list, a nested one and a filter.
"""

import re
import unicodedata
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    any_,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by, array

from db import models
from db.queries.analysis import objective_links
from db.queries.recommendations import belongs_to, recommendations_by_iscm
from db.queries.visibility import Visibility, record_visible
from db.readsql.json import json_array_or_empty
from db.readsql.tree import SortKey

Iscm = models.Iscm
State = models.MemberState
Organization = models.Organization
MEMBERSHIP = models.IscmMembership.__table__

ISCM_SORTS = {
    "NAME": SortKey("NAME", (Iscm.name, Iscm.id)),
    "ACRONYM": SortKey("ACRONYM", (func.coalesce(Iscm.acronym, Iscm.name), Iscm.id)),
    "ESTABLISHED": SortKey("ESTABLISHED", (func.coalesce(Iscm.established, 0), Iscm.id)),
}
STATE_SORTS = {
    "NAME": SortKey("NAME", (State.name, State.iso3)),
    "ISO3": SortKey("ISO3", (State.iso3,)),
}


def _plain_letter(letter: str) -> str:
    """The unaccented lower-case ASCII letter `letter` is written with, or '' if none."""
    base = unicodedata.normalize("NFKD", letter)[0].lower()
    return base if base.isascii() and base.isalpha() else ""


# Latin letters with diacritics and their plain forms, upper and lower case: PostgreSQL's
# lower() and the database's collation may know only ASCII, translate() knows these.
_ACCENTED = [
    letter
    for letter in map(chr, range(0xC0, 0x250))
    if _plain_letter(letter) and letter.lower() != _plain_letter(letter)
]
ACCENTED, PLAIN = "".join(_ACCENTED), "".join(_plain_letter(letter) for letter in _ACCENTED)
NOT_WORD = re.compile(r"[^a-z0-9]+")


def name_words(text: str) -> str:
    """`text` as names are compared: unaccented, lower case, words separated by one space
    ("Türkiye" -> "turkiye", "Congo-Kinshasa" -> "congo kinshasa")."""
    folded = "".join(_plain_letter(c) or c for c in unicodedata.normalize("NFC", text))
    return NOT_WORD.sub(" ", folded.lower()).strip()


def _sql_name_words(name: ColumnElement[str]) -> ColumnElement[str]:
    """name_words() in SQL, for the names of the letters it knows (ACCENTED)."""
    plain = func.lower(func.translate(name, ACCENTED, PLAIN))
    return func.regexp_replace(plain, NOT_WORD.pattern, " ", "g")


def is_named(state: Any, words: Any) -> ColumnElement[bool]:
    """Whether one of the State's names (its M49 name, official name or an alternative one)
    has words starting with `words` (as name_words() writes them), or `words` is its ISO code."""
    names = (
        func.unnest(
            func.array_cat(array([state.c.name, state.c.official_name]), state.c.alternative_names)
        )
        .table_valued("name")
        .render_derived()
        .alias("names")
    )
    spaced = literal(" ") + _sql_name_words(names.c.name)
    return or_(
        func.lower(state.c.iso3) == words,
        func.lower(state.c.iso2) == words,
        exists(
            select(literal(1))
            .select_from(names)
            .where(func.strpos(spaced, literal(" ") + words) > 0)
        ),
    )


def is_participant(iscm: Any, state: Any, role: str | None = None) -> ColumnElement[bool]:
    """Whether the State takes part in the ISCM (in `role`, or in any role)."""
    membership = MEMBERSHIP.alias()
    conditions = [membership.c.iscm_id == iscm.c.id, membership.c.state_iso3 == state.c.iso3]
    if role is not None:
        conditions.append(membership.c.role == role)
    return exists().where(*conditions).correlate_except(membership)


def member_count(iscm: Any) -> ColumnElement[int]:
    """How many member States (not observers) the ISCM lists."""
    membership = MEMBERSHIP.alias()
    return (
        select(func.count())
        .where(membership.c.iscm_id == iscm.c.id, membership.c.role == "MEMBER")
        .correlate(iscm)
        .scalar_subquery()
    )


def membership_rows(_: Visibility) -> Select[Any]:
    """Memberships with the names they are listed by (the State's, the ISCM's)."""
    membership, state, iscm = MEMBERSHIP.alias(), State.__table__.alias(), Iscm.__table__.alias()
    return (
        select(
            membership.c.iscm_id,
            membership.c.state_iso3,
            membership.c.role,
            membership.c.since,
            membership.c.until,
            membership.c.source,
            membership.c.unverified,
            membership.c.note,
            state.c.name.label("state_name"),
            iscm.c.name.label("iscm_name"),
        )
        .join(state, state.c.iso3 == membership.c.state_iso3)
        .join(iscm, iscm.c.id == membership.c.iscm_id)
    )


def theme_rows(visibility: Visibility) -> Select[Any]:
    """Themes with each ISCM working on them: the theme's columns, then the ISCM's id
    (`theme_iscm_id`), one row per pair. An ISCM works on the themes linked to it and on those
    of its recommendations (shared ones included) the reader may see.

    An ISCM's themes are then the rows with its id, an equality PostgreSQL pushes into the
    union: read for one ISCM by the pairs' indexes, or for a whole page of ISCMs at once
    (db/readsql/batch.py)."""
    explicit = models.iscm_thematic_areas.alias()
    link = models.recommendation_thematic_areas.alias()
    recommendation = recommendations_by_iscm(visibility)
    theme = models.ThematicArea.__table__.alias()
    pairs = union(
        select(explicit.c.iscm_id, explicit.c.thematic_area_slug),
        select(recommendation.c.iscm_id, link.c.thematic_area_slug).join(
            link, link.c.recommendation_id == recommendation.c.recommendation_id
        ),
    ).subquery()
    return select(theme, pairs.c.iscm_id.label("theme_iscm_id")).join(
        pairs, pairs.c.thematic_area_slug == theme.c.slug
    )


def recommendation_rows(_: Visibility) -> Select[Any]:
    """Recommendations with each ISCM they belong to: the recommendation's columns, then the
    ISCM's id (`belonging_iscm_id`), one row for its own ISCM and one for each other ISCM it is
    shared with (a share naming its own ISCM adds none).

    An ISCM's recommendations are then the rows with its id, an equality PostgreSQL pushes
    into both branches: its own rows read by their index on the ISCM, and the shared ones by
    the link's; for one ISCM, or for a whole page of them at once (db/readsql/batch.py)."""
    return _belonging(
        models.Recommendation, models.recommendation_shared_iscms, "recommendation_id"
    )


def event_rows(_: Visibility) -> Select[Any]:
    """Events with each ISCM that held them, alone or with others: the event's columns, then
    the ISCM's id (`belonging_iscm_id`), as recommendation_rows() lists recommendations."""
    return _belonging(models.Event, models.event_shared_iscms, "event_id")


def _belonging(model: Any, shares: Any, shared_key: str) -> Select[Any]:
    """Rows of `model` with their own ISCM, then with each other ISCM `shares` links them to.

    Whole rows go through the union (not just ids joined back to the table): each branch then
    reads its rows by index and the union needs no deduplication, which keeps PostgreSQL's
    estimates, and so its plans, right."""
    own, shared_row, shared = model.__table__.alias(), model.__table__.alias(), shares.alias()
    rows = union_all(
        select(own, own.c.iscm_id.label("belonging_iscm_id")).where(own.c.iscm_id.is_not(None)),
        select(shared_row, shared.c.iscm_id)
        .join(shared_row, shared_row.c.id == shared.c[shared_key])
        .where(shared_row.c.iscm_id.is_distinct_from(shared.c.iscm_id)),
    ).subquery()
    return select(rows)


def belongs(row: Any, iscm: Any) -> ColumnElement[bool]:
    """Whether a row of recommendation_rows() or event_rows() is listed under the ISCM."""
    return row.c.belonging_iscm_id == iscm.c.id


def in_region(state: Any, name: Any) -> ColumnElement[bool]:
    """Whether a State sits in the M49 region, sub-region or intermediate region `name`."""
    return or_(
        state.c.region == name, state.c.subregion == name, state.c.intermediate_region == name
    )


def has_member_in(iscm: Any, region: Any) -> ColumnElement[bool]:
    """Whether the ISCM has a member State (not observer) placed in `region`."""
    membership, state = MEMBERSHIP.alias(), State.__table__.alias()
    return (
        exists()
        .where(
            membership.c.iscm_id == iscm.c.id,
            membership.c.role == "MEMBER",
            state.c.iso3 == membership.c.state_iso3,
            in_region(state, region),
        )
        .correlate_except(membership, state)
    )


def takes_part(iscm_id: Any, iso3: Any) -> ColumnElement[bool]:
    """Whether the State `iso3` is member or observer of the ISCM `iscm_id`."""
    membership = MEMBERSHIP.alias()
    return (
        exists()
        .where(membership.c.iscm_id == iscm_id, membership.c.state_iso3 == iso3)
        .correlate_except(membership)
    )


def works_on(iscm: Any, theme: Any, visibility: Visibility) -> ColumnElement[bool]:
    """Whether the ISCM is linked to the theme directly or through a real recommendation of it
    (shared ones included) the reader may see."""
    explicit = models.iscm_thematic_areas.alias()
    link = models.recommendation_thematic_areas.alias()
    recommendation = models.Recommendation.__table__.alias()
    return or_(
        exists()
        .where(explicit.c.iscm_id == iscm.c.id, explicit.c.thematic_area_slug == theme)
        .correlate_except(explicit),
        exists()
        .where(
            belongs_to(recommendation, iscm.c.id),
            record_visible(recommendation, visibility),
            not_(recommendation.c.synthetic),
            link.c.recommendation_id == recommendation.c.id,
            link.c.thematic_area_slug == theme,
        )
        .correlate_except(recommendation, link),
    )


def addresses(iscm: Any, objective: Any, visibility: Visibility) -> ColumnElement[bool]:
    """Whether a real recommendation (shared ones included) or contribution of the ISCM the
    reader may see addresses `objective`, as the coverage matrix counts them."""
    links = objective_links(visibility)
    return (
        select(links.c.iscm_id)
        .where(
            links.c.iscm_id == iscm.c.id,
            links.c.objective_number == objective,
            not_(links.c.synthetic),
        )
        .correlate_except(links)
        .exists()
    )


def overlap_rows(_: Visibility) -> Select[Any]:
    """Pairs of States both members of some ISCMs: (state_iso3, iso3, shared_count, name)."""
    own, other, state = MEMBERSHIP.alias(), MEMBERSHIP.alias(), State.__table__.alias()
    return (
        select(
            own.c.state_iso3,
            other.c.state_iso3.label("iso3"),
            func.count().label("shared_iscm_count"),
            state.c.name,
        )
        .join(other, and_(other.c.iscm_id == own.c.iscm_id, other.c.state_iso3 != own.c.state_iso3))
        .join(state, state.c.iso3 == other.c.state_iso3)
        .where(own.c.role == "MEMBER", other.c.role == "MEMBER")
        .group_by(own.c.state_iso3, other.c.state_iso3, state.c.name)
    )


def shares(overlap: Any, iscm: Any) -> ColumnElement[bool]:
    """Whether both States of an overlap row are members of the ISCM."""
    first, second = MEMBERSHIP.alias(), MEMBERSHIP.alias()
    return and_(
        exists()
        .where(
            first.c.iscm_id == iscm.c.id,
            first.c.state_iso3 == overlap.c.state_iso3,
            first.c.role == "MEMBER",
        )
        .correlate_except(first),
        exists()
        .where(
            second.c.iscm_id == iscm.c.id,
            second.c.state_iso3 == overlap.c.iso3,
            second.c.role == "MEMBER",
        )
        .correlate_except(second),
    )


def observes(iscm: Any, organization: Any) -> ColumnElement[bool]:
    """Whether the organisation observes or supports the ISCM."""
    link = models.iscm_observer_organizations.alias()
    return (
        exists()
        .where(link.c.iscm_id == iscm.c.id, link.c.organization_id == organization.c.id)
        .correlate_except(link)
    )


def un_member_unless(state: Any, only_members: Any) -> ColumnElement[bool]:
    """Every State, or only the UN Member States when `only_members` is true."""
    return or_(not_(only_members), state.c.un_status == "MEMBER")


def has_un_status(state: Any, statuses: Any) -> ColumnElement[bool]:
    """Whether the State's standing at the UN is one of `statuses` (an array)."""
    return state.c.un_status == any_(statuses)


def is_a_state(state: Any) -> ColumnElement[bool]:
    """Whether it is a State (a UN Member State or an observer State), not a territory."""
    return state.c.un_status != models.TERRITORY


def member_codes(iscm: Any) -> ColumnElement[Any]:
    """The ISO codes of the ISCM's member States (not observers), as a JSON array."""
    membership = MEMBERSHIP.alias()
    listed = func.json_agg(aggregate_order_by(membership.c.state_iso3, membership.c.state_iso3))
    return (
        select(json_array_or_empty(listed))
        .where(membership.c.iscm_id == iscm.c.id, membership.c.role == "MEMBER")
        .correlate(iscm)
        .scalar_subquery()
    )


def organization_membership_rows(_: Visibility) -> Select[Any]:
    """The organisations taking part in ISCMs, each link with its source and the names it is
    listed by."""
    link, organization = models.iscm_observer_organizations.alias(), Organization.__table__.alias()
    return select(link.c.iscm_id, link.c.organization_id, link.c.source, organization.c.name).join(
        organization, organization.c.id == link.c.organization_id
    )
