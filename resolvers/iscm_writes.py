"""Editors' writes to reference data: ISCM records, State memberships and observer
organisations, each with a source URL.

Every change bumps `iscms.version`; `iscm-graph seed` keeps an ISCM above version 1 (its
fields, its memberships and its observer organisations) as the API left it and reports where
it differs from the files.
"""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import TERRITORY
from db.queries import iscm_writes as queries
from db.queries import reference_lookups
from db.reference_data import organization_acronym
from resolvers.authorization import Action, can
from resolvers.context import Context
from resolvers.user_errors import Abort, Problem, UserError
from resolvers.validation import NOTE_MAX, SLUG_MAX, TEXT_MAX, Checker, cited
from resolvers.writes import (
    record,
    require_writer,
    snapshot,
    stale_version,
    with_source,
    write_transaction,
)

NAME_MAX = 300
ACRONYM_MAX = 40
REGION_MAX = 120
MAX_REGIONS = 50
ISO3_LENGTH = 3


@dataclass
class WrittenIscm:
    """The outcome of one write: the ISCM as stored (and the membership), or the problems."""

    row: Row[Any] | None = None
    membership: Row[Any] | None = None
    organization_membership: Row[Any] | None = None
    errors: list[UserError] = field(default_factory=list)


def normalise_input(checker: Checker, fields: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise the ISCM fields present in `fields` (snake_case names)."""
    values: dict[str, Any] = {}
    for name, required, max_length in (
        ("name", True, NAME_MAX),
        ("acronym", False, ACRONYM_MAX),
        ("secretariat", False, NOTE_MAX),
        ("summary", False, TEXT_MAX),
        ("open_to", False, NOTE_MAX),
    ):
        if name in fields:
            values[name] = checker.text(
                name, fields[name], required=required, max_length=max_length
            )
    if "website" in fields:
        values["website"] = checker.url("website", fields["website"], required=False)
    if "established" in fields:
        values["established"] = checker.year("established", fields["established"])
    for name in ("status", "members_confidence"):
        if name in fields:
            if fields[name] is None:
                checker.add(Problem.REQUIRED, name, f"`{name}` cannot be cleared")
            else:
                values[name] = fields[name]
    if "regions" in fields:
        regions = fields["regions"] or []
        if len(regions) > MAX_REGIONS:
            checker.add(Problem.TOO_LONG, "regions", f"at most {MAX_REGIONS} regions")
        else:
            cleaned = [
                checker.text("regions", region, required=True, max_length=REGION_MAX)
                for region in regions
            ]
            values["regions"] = [r for r in cleaned if r is not None]
    return values


async def iscm_for_editing(
    session: AsyncSession, context: Context, slug: str, action: Action
) -> Row[Any]:
    """Return the ISCM `slug` if the caller may edit it (editors)."""
    checker = Checker(())
    clean = checker.text("slug", slug, required=True, max_length=SLUG_MAX)
    row = await queries.iscm_row_by_slug(session, clean) if clean else None
    if row is None:
        raise Abort([UserError(Problem.NOT_FOUND, ("slug",), f"there is no ISCM {slug!r}")])
    if not can(context.principal, action, row.id):
        raise Abort(
            [UserError(Problem.FORBIDDEN, ("slug",), "only editors may change ISCM records")]
        )
    return row


async def update_iscm(
    context: Context, slug: str, expected_version: int, fields: dict[str, Any], source: str
) -> WrittenIscm:
    """Edit an ISCM record from the version the editor last read, citing a source."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            row = await iscm_for_editing(session, context, slug, Action.UPDATE_ISCM)
            if row.version != expected_version:
                raise Abort([stale(row.version, expected_version)])
            checker = Checker(("input",))
            values = normalise_input(checker, fields)
            if not fields:
                checker.add(Problem.REQUIRED, (), "`input` names no field to change")
            source_url = cited(checker, source)
            if not checker.ok:
                raise Abort(checker.errors)
            assert source_url is not None
            values["sources"] = with_source(row.sources, source_url)
            updated = await queries.update_iscm(session, row.id, expected_version, values)
            if updated is None:
                raise Abort([stale(None, expected_version)])
            await record(
                session,
                context,
                action="UPDATED",
                entity="iscm",
                entity_id=row.slug,
                iscm_id=row.id,
                before=snapshot(row),
                after=snapshot(updated),
                note=source_url,
            )
            return WrittenIscm(row=updated)
    except Abort as abort:
        return WrittenIscm(errors=abort.errors)


def missing_source(iso3: str | None, un_status: str | None) -> str:
    """Why a membership change without a source is refused; a territory's needs it most."""
    if un_status == TERRITORY:
        return (
            f"{iso3} is a territory, not a State: its membership is refused unless `source`"
            " cites the public source that lists it"
        )
    return "`source` must cite the public source for this change"


def stale(current: int | None, expected: int) -> UserError:
    """The CONFLICT error of a write based on an outdated version."""
    return stale_version("ISCM", current, expected)


async def set_membership(
    context: Context,
    slug: str,
    iso3: str,
    role: str | None,
    source: str,
    since: int | None,
) -> WrittenIscm:
    """Add, change or (role None) end a State's membership in an ISCM, citing a source."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            row = await iscm_for_editing(session, context, slug, Action.SET_ISCM_MEMBERSHIP)
            checker = Checker(())
            code = checker.text("iso3", iso3, required=True, max_length=ISO3_LENGTH)
            source_url = checker.url("source", source, required=False)
            year = checker.year("since", since)
            status = None
            if code is not None:
                code = code.upper()
                status = await reference_lookups.state_un_status(session, code)
                if status is None:
                    checker.add(Problem.UNKNOWN_REFERENCE, "iso3", f"there is no State {code!r}")
            if source_url is None and not any(e.field == ("source",) for e in checker.errors):
                checker.add(Problem.REQUIRED, "source", missing_source(code, status))
            current = (
                await queries.membership(session, row.id, code) if code and checker.ok else None
            )
            if checker.ok and role is None and current is None:
                checker.add(
                    Problem.NOT_FOUND, "iso3", f"{code} is not a participant of {row.slug!r}"
                )
            if not checker.ok:
                raise Abort(checker.errors)
            assert code is not None
            assert source_url is not None
            if role is None:
                await queries.end_membership(session, row.id, code)
                action = "MEMBERSHIP_ENDED"
            else:
                kept_since = year if year is not None else (current.since if current else None)
                await queries.upsert_membership(
                    session, row.id, code, role=role, since=kept_since, source=source_url
                )
                action = "MEMBERSHIP_CHANGED" if current is not None else "MEMBERSHIP_ADDED"
            updated = await queries.update_iscm(session, row.id, row.version, {})
            if updated is None:
                raise Abort([stale(None, row.version)])
            after = await queries.membership(session, row.id, code)
            await record(
                session,
                context,
                action=action,
                entity="iscm_membership",
                entity_id=f"{row.slug}/{code}",
                iscm_id=row.id,
                before=snapshot(current),
                after=snapshot(after),
                note=source_url,
            )
            return WrittenIscm(row=updated, membership=after)
    except Abort as abort:
        return WrittenIscm(errors=abort.errors)


async def observer_organization(
    session: AsyncSession, checker: Checker, name: str, acronym: str | None, *, adding: bool
) -> Row[Any] | None:
    """Return the organisation `name` names (in any case), added when `adding` and unknown;
    an acronym given corrects the one stored."""
    clean = checker.text("organization", name, required=True, max_length=NAME_MAX)
    short = checker.text("acronym", acronym, required=False, max_length=ACRONYM_MAX)
    if clean is None or not checker.ok:
        return None
    found = await queries.organization_by_name(session, clean)
    if found is None and adding:
        return await queries.add_organization(session, clean, short or organization_acronym(clean))
    if found is not None and short is not None and short != found.acronym:
        await queries.set_acronym(session, found.id, short)
    return found


async def set_observer_organization(
    context: Context,
    slug: str,
    organization: str,
    acronym: str | None,
    *,
    observer: bool,
    source: str,
) -> WrittenIscm:
    """Seat an international organisation as observer of an ISCM, change the source that
    lists it, or (`observer` false) remove it, citing a source (editors)."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            row = await iscm_for_editing(
                session, context, slug, Action.SET_ISCM_OBSERVER_ORGANIZATION
            )
            checker = Checker(())
            source_url = cited(checker, source)
            found = await observer_organization(
                session, checker, organization, acronym, adding=observer and source_url is not None
            )
            current = (
                await queries.observership(session, row.id, found.id) if found is not None else None
            )
            if checker.ok and not observer and current is None:
                checker.add(
                    Problem.NOT_FOUND,
                    "organization",
                    f"{organization.strip()!r} is not an observer of {row.slug!r}",
                )
            if not checker.ok:
                raise Abort(checker.errors)
            assert found is not None
            assert source_url is not None
            if observer:
                await queries.upsert_observership(session, row.id, found.id, source_url)
                action = "OBSERVER_CHANGED" if current is not None else "OBSERVER_ADDED"
            else:
                await queries.end_observership(session, row.id, found.id)
                action = "OBSERVER_REMOVED"
            updated = await queries.update_iscm(session, row.id, row.version, {})
            if updated is None:
                raise Abort([stale(None, row.version)])
            after = await queries.observership(session, row.id, found.id)
            await record(
                session,
                context,
                action=action,
                entity="iscm_observer_organization",
                entity_id=f"{row.slug}/{found.name}",
                iscm_id=row.id,
                before=snapshot(current, name=found.name) if current is not None else None,
                after=snapshot(after, name=found.name) if after is not None else None,
                note=source_url,
            )
            return WrittenIscm(row=updated, organization_membership=after)
    except Abort as abort:
        return WrittenIscm(errors=abort.errors)
