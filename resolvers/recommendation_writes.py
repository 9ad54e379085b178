"""Writing recommendations: create, update (versioned) and link to GCM objectives."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from db.queries import recommendation_writes as queries
from resolvers.authorization import Action, can
from resolvers.context import Context
from resolvers.idempotency import checked_key, remember, replay_or_claim
from resolvers.user_errors import Abort, Problem, UserError
from resolvers.validation import SLUG_MAX, TEXT_MAX, TITLE_MAX, Checker, Lookups
from resolvers.writes import database_id, record, require_writer, snapshot, today, write_transaction

ENTITY = "recommendation"
TYPE_NAME = "Recommendation"
CODE_FIELDS = ("level", "phase", "outcome_type")
EARLIEST_ADOPTION = date(1945, 1, 1)


@dataclass
class WrittenRecommendation:
    """The outcome of one write: the row as stored, or the problems that stopped it."""

    row: Row[Any] | None = None
    errors: list[UserError] = field(default_factory=list)


def normalise_input(checker: Checker, fields: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """Check and normalise the fields present in `fields` (snake_case names)."""
    values: dict[str, Any] = {}
    if creating:
        values["iscm"] = checker.text(
            "iscm", fields.get("iscm"), required=True, max_length=SLUG_MAX
        )
    for name, required, max_length in (("title", True, TITLE_MAX), ("text", True, TEXT_MAX)):
        if creating or name in fields:
            values[name] = checker.text(
                name, fields.get(name), required=required, max_length=max_length
            )
    if "adopted_on" in fields:
        adopted = checker.date_in(
            "adopted_on", fields["adopted_on"], earliest=EARLIEST_ADOPTION, latest=today()
        )
        values["adopted_on"] = adopted.isoformat() if adopted else None
    for name in CODE_FIELDS:
        if name in fields:
            values[name] = checker.text(name, fields[name], required=False, max_length=40)
    if "source_url" in fields:
        values["source_url"] = checker.url("source_url", fields["source_url"], required=False)
    if creating:
        values["gcm_objectives"] = checker.objectives(
            "gcm_objectives", fields.get("gcm_objectives")
        )
    return values


def columns(values: dict[str, Any]) -> dict[str, Any]:
    """Map normalised values onto recommendation columns."""
    out = {n: v for n, v in values.items() if n not in ("iscm", "gcm_objectives", "adopted_on")}
    if "adopted_on" in values:
        out["adopted_on"] = (
            date.fromisoformat(values["adopted_on"]) if values["adopted_on"] else None
        )
    return out


async def audit(
    session: AsyncSession,
    context: Context,
    action: str,
    *,
    before: Row[Any] | None,
    objectives_before: list[int] | None,
    after: Row[Any],
) -> None:
    """Append the change to the audit trail."""
    objectives_after = await queries.objectives_of(session, after.id)
    await record(
        session,
        context,
        action=action,
        entity=ENTITY,
        entity_id=str(after.id),
        iscm_id=after.iscm_id,
        before=snapshot(before, gcm_objectives=objectives_before) if before is not None else None,
        after=snapshot(after, gcm_objectives=objectives_after),
    )


def forbidden_iscm(slug: str) -> UserError:
    """Return the error of an input naming an ISCM the caller may not write for."""
    return UserError(
        Problem.FORBIDDEN, ("input", "iscm"), f"you may not write recommendations for {slug!r}"
    )


async def create(
    context: Context, fields: dict[str, Any], idempotency_key: str | None
) -> WrittenRecommendation:
    """Create a recommendation of an ISCM the caller may write for."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            key = checked_key(idempotency_key)
            checker = Checker(("input",))
            values = normalise_input(checker, fields, creating=True)
            replay = await replay_or_claim(
                session, context.principal, key, "createRecommendation", values
            )
            if replay is not None:
                row = await queries.recommendation_by_id(session, replay["ids"][0])
                # Checked anew: the same subject may come back with another scope.
                if row is None or not can(
                    context.principal, Action.CREATE_RECOMMENDATION, row.iscm_id
                ):
                    raise Abort([forbidden_iscm(values["iscm"])])
                return WrittenRecommendation(row=row)
            lookups = Lookups(session)
            iscm = await lookups.iscm(values["iscm"]) if values["iscm"] else None
            if values["iscm"] and iscm is None:
                checker.add(
                    Problem.UNKNOWN_REFERENCE, "iscm", f"there is no ISCM {values['iscm']!r}"
                )
            if iscm is not None and not can(
                context.principal, Action.CREATE_RECOMMENDATION, iscm.id
            ):
                raise Abort([forbidden_iscm(iscm.slug)])
            await lookups.check_codes(checker, {n: values.get(n) for n in CODE_FIELDS})
            if not checker.ok:
                raise Abort(checker.errors)
            assert iscm is not None
            row = await queries.insert_recommendation(
                session, {**columns(values), "iscm_id": iscm.id}
            )
            await queries.set_objectives(session, row.id, values["gcm_objectives"], replace=True)
            await audit(session, context, "CREATED", before=None, objectives_before=None, after=row)
            await remember(session, context.principal, key, {"ids": [row.id]})
            return WrittenRecommendation(row=row)
    except Abort as abort:
        return WrittenRecommendation(errors=abort.errors)


async def target(session: AsyncSession, context: Context, global_id: str) -> Row[Any]:
    """Return the recommendation `global_id` names, if the caller may change it."""
    recommendation_id = database_id(global_id, TYPE_NAME)
    row = (
        await queries.recommendation_by_id(session, recommendation_id)
        if recommendation_id
        else None
    )
    if row is None:
        raise Abort(
            [UserError(Problem.NOT_FOUND, ("id",), f"there is no recommendation {global_id!r}")]
        )
    if not can(context.principal, Action.UPDATE_RECOMMENDATION, row.iscm_id):
        raise Abort(
            [
                UserError(
                    Problem.FORBIDDEN, ("id",), "you may not change recommendations of this ISCM"
                )
            ]
        )
    return row


def stale(current: int | None, expected: int) -> UserError:
    """The CONFLICT error of a write based on an outdated version."""
    now = f"it is now at version {current}" if current is not None else "it changed meanwhile"
    return UserError(
        Problem.CONFLICT,
        ("expectedVersion",),
        f"the recommendation was changed since version {expected}: {now}; reload and retry",
    )


async def update(
    context: Context, global_id: str, expected_version: int, fields: dict[str, Any]
) -> WrittenRecommendation:
    """Change a recommendation's content, from the version the caller last read."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            row = await target(session, context, global_id)
            if row.version != expected_version:
                raise Abort([stale(row.version, expected_version)])
            checker = Checker(("input",))
            values = normalise_input(checker, fields, creating=False)
            if not fields:
                checker.add(Problem.REQUIRED, (), "`input` names no field to change")
            await Lookups(session).check_codes(
                checker, {n: values[n] for n in CODE_FIELDS if n in values}
            )
            if not checker.ok:
                raise Abort(checker.errors)
            objectives = await queries.objectives_of(session, row.id)
            updated = await queries.update_recommendation(
                session, row.id, expected_version, columns(values)
            )
            if updated is None:
                raise Abort([stale(None, expected_version)])
            await audit(
                session, context, "UPDATED", before=row, objectives_before=objectives, after=updated
            )
            return WrittenRecommendation(row=updated)
    except Abort as abort:
        return WrittenRecommendation(errors=abort.errors)


async def link_objectives(
    context: Context, global_id: str, objectives: list[int], *, replace: bool
) -> WrittenRecommendation:
    """Link a recommendation to GCM objectives (with `replace`, to exactly these)."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            row = await target(session, context, global_id)
            checker = Checker(())
            numbers = checker.objectives("objectives", objectives)
            if not objectives and not replace:
                checker.add(Problem.REQUIRED, "objectives", "name at least one GCM objective")
            if not checker.ok:
                raise Abort(checker.errors)
            before = await queries.objectives_of(session, row.id)
            updated = await queries.update_recommendation(session, row.id, row.version, {})
            if updated is None:
                raise Abort([stale(None, row.version)])
            await queries.set_objectives(session, row.id, numbers, replace=replace)
            await audit(
                session,
                context,
                "LINKED_OBJECTIVES",
                before=row,
                objectives_before=before,
                after=updated,
            )
            return WrittenRecommendation(row=updated)
    except Abort as abort:
        return WrittenRecommendation(errors=abort.errors)
