"""Writing recommendations: create (a DRAFT citing its source), update (versioned), link to GCM
objectives, and the workflow contributions follow (resolvers/workflow.py): submit, publish
(editors), withdraw, remove, restore, merge."""

from datetime import date
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.queries import record_writes
from resolvers import workflow
from resolvers.authorization import Action, can
from resolvers.context import Context
from resolvers.idempotency import checked_key, remember, replay_or_claim
from resolvers.user_errors import Abort, Problem, UserError
from resolvers.validation import SLUG_MAX, TEXT_MAX, TITLE_MAX, Checker, Lookups
from resolvers.workflow import Written
from resolvers.writes import require_writer, today, write_transaction

MODEL = models.Recommendation
CODE_FIELDS = ("level", "phase", "outcome_type")
EARLIEST_ADOPTION = date(1945, 1, 1)


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
    if creating or "source_url" in fields:
        # Every recommendation cites where it was published.
        values["source_url"] = checker.url("source_url", fields.get("source_url"), required=True)
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


KIND = workflow.RecordKind(
    model=MODEL,
    entity="recommendation",
    type_name="Recommendation",
    noun="recommendation",
    update=Action.UPDATE_RECOMMENDATION,
    update_published=Action.UPDATE_PUBLISHED_RECOMMENDATION,
    submit=Action.SUBMIT_RECOMMENDATION,
    withdraw=Action.WITHDRAW_RECOMMENDATION,
    withdraw_published=Action.WITHDRAW_PUBLISHED_RECOMMENDATION,
    publish=Action.PUBLISH_RECOMMENDATION,
)


def forbidden_iscm(slug: str) -> UserError:
    """Return the error of an input naming an ISCM the caller may not write for."""
    return UserError(
        Problem.FORBIDDEN, ("input", "iscm"), f"you may not write recommendations for {slug!r}"
    )


async def create(context: Context, fields: dict[str, Any], idempotency_key: str | None) -> Written:
    """Create a DRAFT recommendation of an ISCM the caller may write for."""
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
                row = await workflow.replayed(
                    session,
                    context,
                    KIND,
                    replay["ids"][0],
                    Action.CREATE_RECOMMENDATION,
                    forbidden_iscm(values["iscm"]),
                )
                return Written(row=row)
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
            row = await record_writes.insert_record(
                session,
                MODEL,
                {**columns(values), "iscm_id": iscm.id, "status": "DRAFT", "published_at": None},
            )
            await record_writes.set_objectives(
                session, MODEL, row.id, values["gcm_objectives"], replace=True
            )
            await workflow.announce(session, context, KIND, "CREATED", None, row)
            await remember(session, context.principal, key, {"ids": [row.id]})
            return Written(row=row)
    except Abort as abort:
        return Written(errors=abort.errors)


async def editable(session: AsyncSession, context: Context, global_id: str) -> Row[Any]:
    """Return the recommendation `global_id` names if the caller may change its content."""
    row = await workflow.target(session, context, KIND, global_id, KIND.update)
    workflow.check_editable(context, KIND, row)
    return row


async def update(
    context: Context, global_id: str, expected_version: int, fields: dict[str, Any]
) -> Written:
    """Change a recommendation's content, from the version the caller last read."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            row = await editable(session, context, global_id)
            workflow.check_version(KIND, row, expected_version)
            checker = Checker(("input",))
            values = normalise_input(checker, fields, creating=False)
            if not fields:
                checker.add(Problem.REQUIRED, (), "`input` names no field to change")
            await Lookups(session).check_codes(
                checker, {n: values[n] for n in CODE_FIELDS if n in values}
            )
            if not checker.ok:
                raise Abort(checker.errors)
            objectives = await record_writes.objectives_of(session, MODEL, row.id)
            updated = await workflow.versioned_update(
                session, KIND, row, expected_version, columns(values)
            )
            await workflow.announce(session, context, KIND, "UPDATED", row, updated, objectives)
            return Written(row=updated)
    except Abort as abort:
        return Written(errors=abort.errors)


async def link_objectives(
    context: Context, global_id: str, objectives: list[int], *, replace: bool
) -> Written:
    """Link a recommendation to GCM objectives (with `replace`, to exactly these)."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            row = await editable(session, context, global_id)
            checker = Checker(())
            numbers = checker.objectives("objectives", objectives)
            if not objectives and not replace:
                checker.add(Problem.REQUIRED, "objectives", "name at least one GCM objective")
            if not checker.ok:
                raise Abort(checker.errors)
            before = await record_writes.objectives_of(session, MODEL, row.id)
            updated = await workflow.versioned_update(session, KIND, row, row.version, {})
            await record_writes.set_objectives(session, MODEL, row.id, numbers, replace=replace)
            await workflow.announce(
                session, context, KIND, "LINKED_OBJECTIVES", row, updated, before
            )
            return Written(row=updated)
    except Abort as abort:
        return Written(errors=abort.errors)
