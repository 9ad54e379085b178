"""Editors' writes to review processes: open a new one, or maintain one (its window, whether
that window is official or indicative, its official page), each change citing a source.

Every change bumps the process's `version`; `iscm-graph seed` keeps a process above version 1
as the API left it.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import REVIEW_KINDS, WINDOW_STATUSES
from db.queries import review_process_writes as queries
from db.seed_loading import load_seed_file
from resolvers.authorization import Action, can
from resolvers.context import Context
from resolvers.user_errors import Abort, Problem, UserError
from resolvers.validation import TEXT_MAX, Checker, cited
from resolvers.writes import record, require_writer, snapshot, with_source, write_transaction

ENTITY = "review_process"
PROCESS_SLUG_MAX = 80
NAME_MAX = 300
YEARS = range(2018, 2101)


@dataclass
class WrittenProcess:
    """The outcome of one write: the review process as stored, or the problems."""

    row: Row[Any] | None = None
    errors: list[UserError] = field(default_factory=list)


def regional_commissions() -> list[str]:
    """The codes of the UN regional commissions that lead regional reviews."""
    return [c["code"] for c in load_seed_file("reference.json")["regional_commissions"]]


def checked_dates(checker: Checker, fields: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """Return the year and window dates present in `fields` (all of them when creating)."""
    values: dict[str, Any] = {}
    if creating or "year" in fields:
        year = fields.get("year")
        if year is None or year not in YEARS:
            checker.add(Problem.OUT_OF_RANGE, "year", "`year` must be from 2018 to 2100")
        values["year"] = year
    for name in ("opens_on", "closes_on"):
        if creating or name in fields:
            if fields.get(name) is None:
                checker.add(Problem.REQUIRED, name, f"`{name}` is required")
            values[name] = fields.get(name)
    return values


def normalise_input(checker: Checker, fields: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """Check and normalise the review process fields present in `fields` (snake_case names)."""
    values: dict[str, Any] = {}
    if creating:
        values["slug"] = checker.slug(
            "slug",
            fields.get("slug"),
            required=True,
            max_length=PROCESS_SLUG_MAX,
            example="imrf-2030",
        )
    for name, max_length in (("name", NAME_MAX), ("description", TEXT_MAX)):
        if creating or name in fields:
            values[name] = checker.text(
                name, fields.get(name), required=True, max_length=max_length
            )
    for name, allowed in (("kind", REVIEW_KINDS), ("window_status", WINDOW_STATUSES)):
        if name in fields and fields[name] is None:
            checker.add(Problem.REQUIRED, name, f"`{name}` cannot be cleared")
        elif name in fields:
            assert fields[name] in allowed
            values[name] = fields[name]
    if "regional_commission" in fields:
        code = checker.text(
            "regional_commission", fields["regional_commission"], required=False, max_length=8
        )
        values["regional_commission"] = code.upper() if code else None
    values.update(checked_dates(checker, fields, creating=creating))
    if "url" in fields:
        values["url"] = checker.url("url", fields["url"], required=False)
    return values


def check_consistency(checker: Checker, process: dict[str, Any], changed: set[str]) -> None:
    """Check the rules a review process (as it would be stored) must follow, where the
    `changed` fields are concerned: an update need not fix what it does not touch."""
    opens_on: date | None = process.get("opens_on")
    closes_on: date | None = process.get("closes_on")
    dates_changed = not changed.isdisjoint({"opens_on", "closes_on"})
    if dates_changed and opens_on is not None and closes_on is not None and opens_on > closes_on:
        checker.add(Problem.INVALID, "closes_on", "`closesOn` must not be before `opensOn`")
    if changed.isdisjoint({"kind", "regional_commission"}):
        return
    commission = process.get("regional_commission")
    if process.get("kind") == "REGIONAL" and commission is None:
        checker.add(
            Problem.REQUIRED,
            "regional_commission",
            "a regional review names the UN regional commission that leads it",
        )
    if process.get("kind") == "GLOBAL" and commission is not None:
        checker.add(
            Problem.INVALID, "regional_commission", "a global review has no regional commission"
        )
    if commission is not None and commission not in regional_commissions():
        checker.add(
            Problem.UNKNOWN_REFERENCE,
            "regional_commission",
            f"`regionalCommission` {commission!r} is not one of {', '.join(regional_commissions())}",
        )


def refuse_unless_editor(context: Context, path: tuple[str, ...]) -> None:
    """Only editors open and maintain review processes."""
    if not can(context.principal, Action.MANAGE_REVIEW_PROCESS, None):
        raise Abort(
            [UserError(Problem.FORBIDDEN, path, "only editors may open or change review processes")]
        )


async def audit(
    session: AsyncSession,
    context: Context,
    action: str,
    before: Row[Any] | None,
    after: Row[Any],
    source: str,
) -> None:
    """Append the change, with the source it cites, to the audit trail."""
    await record(
        session,
        context,
        action=action,
        entity=ENTITY,
        entity_id=after.slug,
        iscm_id=None,
        before=snapshot(before),
        after=snapshot(after),
        note=source,
    )


async def create_process(context: Context, fields: dict[str, Any], source: str) -> WrittenProcess:
    """Open a new review process, citing a source (editors)."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            refuse_unless_editor(context, ("input",))
            checker = Checker(("input",))
            values = normalise_input(
                checker, {"window_status": "INDICATIVE", **fields}, creating=True
            )
            check_consistency(checker, values, set(values))
            source_url = cited(checker, source)
            if not checker.ok:
                raise Abort(checker.errors)
            assert source_url is not None
            row = await queries.insert_process(session, {**values, "sources": [source_url]})
            if row is None:
                raise Abort(
                    [
                        UserError(
                            Problem.CONFLICT,
                            ("input", "slug"),
                            f"there is already a review process {values['slug']!r}",
                        )
                    ]
                )
            await audit(session, context, "CREATED", None, row, source_url)
            return WrittenProcess(row=row)
    except Abort as abort:
        return WrittenProcess(errors=abort.errors)


async def update_process(
    context: Context, slug: str, expected_version: int, fields: dict[str, Any], source: str
) -> WrittenProcess:
    """Change a review process from the version the editor last read, citing a source."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            refuse_unless_editor(context, ("slug",))
            row = await queries.process_by_slug(session, slug.strip().lower())
            if row is None:
                raise Abort(
                    [
                        UserError(
                            Problem.NOT_FOUND, ("slug",), f"there is no review process {slug!r}"
                        )
                    ]
                )
            if row.version != expected_version:
                raise Abort(
                    [
                        UserError(
                            Problem.CONFLICT,
                            ("expectedVersion",),
                            f"the review process was changed since version {expected_version}:"
                            f" it is now at version {row.version}; reload and retry",
                        )
                    ]
                )
            checker = Checker(("input",))
            values = normalise_input(checker, fields, creating=False)
            if not fields:
                checker.add(Problem.REQUIRED, (), "`input` names no field to change")
            check_consistency(checker, {**dict(row._mapping), **values}, set(values))
            source_url = cited(checker, source)
            if not checker.ok:
                raise Abort(checker.errors)
            assert source_url is not None
            sources = with_source(row.sources, source_url)
            updated = await queries.update_process(
                session, row.id, expected_version, {**values, "sources": sources}
            )
            if updated is None:
                raise Abort(
                    [
                        UserError(
                            Problem.CONFLICT,
                            ("expectedVersion",),
                            "the review process changed meanwhile; reload and retry",
                        )
                    ]
                )
            await audit(session, context, "UPDATED", row, updated, source_url)
            return WrittenProcess(row=updated)
    except Abort as abort:
        return WrittenProcess(errors=abort.errors)
