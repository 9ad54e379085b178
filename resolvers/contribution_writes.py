"""Writing review contributions: create, update, submit (while its review is open), withdraw,
publish, remove, restore, merge, and the bulk import (resolvers/contribution_import.py).

Each write checks everything before it changes anything, runs in its own transaction,
appends to the audit trail and announces the change (pg_notify, delivered on commit). Drafts
may be written at any time; submitting needs the review process to be open (editors may
submit at any time). The workflow itself is resolvers/workflow.py's.
"""

from enum import StrEnum
from typing import Any

import orjson
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.queries import contribution_writes as queries
from db.queries import record_writes, reference_lookups
from resolvers import workflow
from resolvers.authorization import Action, can
from resolvers.context import Context
from resolvers.idempotency import checked_key, remember, replay_or_claim
from resolvers.user_errors import Abort, Path, Problem, UserError
from resolvers.validation import SLUG_MAX, TEXT_MAX, TITLE_MAX, Checker, Lookups
from resolvers.workflow import Written
from resolvers.writes import require_writer, window_is_open, write_transaction

TEXT_FIELDS = (
    ("title", True, TITLE_MAX),
    ("summary", True, TEXT_MAX),
    ("practices", False, TEXT_MAX),
    ("challenges", False, TEXT_MAX),
)
CODE_FIELDS = ("level", "phase", "outcome_type")
MODEL = models.ReviewContribution


class ContributionAction(StrEnum):
    """What happened to a contribution (in the audit trail and in subscription events)."""

    CREATED = "CREATED"
    UPDATED = "UPDATED"
    SUBMITTED = "SUBMITTED"
    WITHDRAWN = "WITHDRAWN"
    PUBLISHED = "PUBLISHED"
    REMOVED = "REMOVED"
    RESTORED = "RESTORED"
    MERGED = "MERGED"
    MERGED_INTO = "MERGED_INTO"


# Changes that leave the contribution invisible to every reader: announced to those who
# follow removals (`reviewContributionRemovals`), not to those who follow changes.
REMOVALS = frozenset({ContributionAction.REMOVED, ContributionAction.MERGED_INTO})


def normalise_input(checker: Checker, fields: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """Check and normalise the fields present in `fields` (snake_case names)."""
    values: dict[str, Any] = {}
    if creating or "review_process" in fields:
        values["review_process"] = checker.text(
            "review_process", fields.get("review_process"), required=True, max_length=SLUG_MAX
        )
    if creating:
        values["iscm"] = checker.text(
            "iscm", fields.get("iscm"), required=True, max_length=SLUG_MAX
        )
    for name, required, max_length in TEXT_FIELDS:
        if creating or name in fields:
            values[name] = checker.text(
                name, fields.get(name), required=required, max_length=max_length
            )
    for name in CODE_FIELDS:
        if name in fields:
            values[name] = checker.text(name, fields[name], required=False, max_length=40)
    if creating or "gcm_objectives" in fields:
        values["gcm_objectives"] = checker.objectives(
            "gcm_objectives", fields.get("gcm_objectives")
        )
    return values


def event_payload(row: Row[Any], action: ContributionAction) -> str:
    """Return the NOTIFY payload announcing `action` on `row` (a removed row keeps the status
    it had, which says who saw it)."""
    return orjson.dumps(
        {
            "id": row.id,
            "iscm_id": row.iscm_id,
            "action": action.value,
            "status": row.status,
            "version": row.version,
        }
    ).decode()


async def notify(session: AsyncSession, action: str, after: Row[Any]) -> None:
    """Tell subscribers of a change (delivered on commit)."""
    payload = event_payload(after, ContributionAction(action))
    await queries.notify_contribution_event(session, payload)


KIND = workflow.RecordKind(
    model=MODEL,
    entity="review_contribution",
    type_name="ReviewContribution",
    noun="contribution",
    update=Action.UPDATE_CONTRIBUTION,
    update_published=Action.UPDATE_PUBLISHED_CONTRIBUTION,
    submit=Action.SUBMIT_CONTRIBUTION,
    withdraw=Action.WITHDRAW_CONTRIBUTION,
    withdraw_published=Action.WITHDRAW_PUBLISHED_CONTRIBUTION,
    publish=Action.PUBLISH_CONTRIBUTION,
    notify=notify,
)


def check_window(
    checker: Checker, context: Context, process: Row[Any], iscm_id: int, path: str | Path
) -> None:
    """Partners submit only while the review process is open; editors at any time."""
    if window_is_open(process.opens_on, process.closes_on):
        return
    if can(context.principal, Action.WRITE_OUTSIDE_REVIEW_WINDOW, iscm_id):
        return
    checker.add(
        Problem.OUTSIDE_REVIEW_WINDOW,
        path,
        f"review process {process.slug!r} accepts submissions from "
        f"{process.opens_on.isoformat()} to {process.closes_on.isoformat()} only; the"
        " contribution stays a draft (move it to an open review process, or ask an editor"
        " to open one)",
    )


async def review_window_is_open(
    session: AsyncSession, context: Context, row: Row[Any], checker: Checker
) -> None:
    """The check before submitting: the contribution's review process accepts submissions."""
    process = await reference_lookups.review_process_by_id(session, row.review_process_id)
    assert process is not None
    check_window(checker, context, process, row.iscm_id, ("id",))


def forbidden_iscm(root: Path, slug: str) -> UserError:
    """Return the error of an input naming an ISCM the caller may not write for."""
    return UserError(
        Problem.FORBIDDEN, (*root, "iscm"), f"you may not write contributions for {slug!r}"
    )


async def replayed(
    session: AsyncSession, context: Context, contribution_id: int, root: Path, slug: str
) -> Row[Any]:
    """Return a replayed write's contribution, or Abort as the same request made now would."""
    return await workflow.replayed(
        session,
        context,
        KIND,
        contribution_id,
        Action.CREATE_CONTRIBUTION,
        forbidden_iscm(root, slug),
    )


async def checked_references(
    context: Context, lookups: Lookups, checker: Checker, values: dict[str, Any]
) -> tuple[Row[Any], Row[Any]]:
    """Return the ISCM and review process a normalised input names, once its vocabulary codes
    are checked too; Abort on any problem, FORBIDDEN first."""
    iscm = await lookups.iscm(values["iscm"]) if values["iscm"] else None
    if values["iscm"] and iscm is None:
        checker.add(Problem.UNKNOWN_REFERENCE, "iscm", f"there is no ISCM {values['iscm']!r}")
    if iscm is not None and not can(context.principal, Action.CREATE_CONTRIBUTION, iscm.id):
        raise Abort([forbidden_iscm(checker.root, iscm.slug)])
    process = (
        await lookups.review_process(values["review_process"]) if values["review_process"] else None
    )
    if values["review_process"] and process is None:
        checker.add(
            Problem.UNKNOWN_REFERENCE,
            "review_process",
            f"there is no review process {values['review_process']!r}",
        )
    await lookups.check_codes(checker, {name: values.get(name) for name in CODE_FIELDS})
    if not checker.ok:
        raise Abort(checker.errors)
    assert iscm is not None
    assert process is not None
    return iscm, process


def content_columns(values: dict[str, Any]) -> dict[str, Any]:
    """The contribution columns a normalised input sets."""
    return {
        name: values.get(name)
        for name in ("title", "summary", "practices", "challenges", *CODE_FIELDS)
    }


async def insert_draft(
    session: AsyncSession,
    context: Context,
    values: dict[str, Any],
    iscm: Row[Any],
    process: Row[Any],
    import_key: str | None = None,
) -> Row[Any]:
    """Insert a checked input as a DRAFT, link its objectives and announce it."""
    row = await record_writes.insert_record(
        session,
        MODEL,
        {
            **content_columns(values),
            "iscm_id": iscm.id,
            "review_process_id": process.id,
            "status": "DRAFT",
            "import_key": import_key,
        },
    )
    await record_writes.set_objectives(
        session, MODEL, row.id, values["gcm_objectives"], replace=True
    )
    await workflow.announce(session, context, KIND, ContributionAction.CREATED, None, row)
    return row


async def create(context: Context, fields: dict[str, Any], idempotency_key: str | None) -> Written:
    """Create a DRAFT contribution; a repeated idempotency key replays the first result."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            key = checked_key(idempotency_key)
            checker = Checker(("input",))
            values = normalise_input(checker, fields, creating=True)
            replay = await replay_or_claim(
                session, context.principal, key, "createReviewContribution", values
            )
            if replay is not None:
                return Written(
                    row=await replayed(
                        session, context, replay["ids"][0], checker.root, values["iscm"]
                    )
                )
            iscm, process = await checked_references(context, Lookups(session), checker, values)
            row = await insert_draft(session, context, values, iscm, process)
            await remember(session, context.principal, key, {"ids": [row.id]})
            return Written(row=row)
    except Abort as abort:
        return Written(errors=abort.errors)


async def update_draft(
    session: AsyncSession,
    context: Context,
    row: Row[Any],
    expected_version: int,
    values: dict[str, Any],
) -> Row[Any]:
    """Write normalised `values` (content, `review_process_id`, `gcm_objectives`, and any other
    column) to a contribution from `expected_version`, and announce the update."""
    changes = {n: v for n, v in values.items() if n not in ("review_process", "gcm_objectives")}
    objectives_before = await record_writes.objectives_of(session, MODEL, row.id)
    updated = await workflow.versioned_update(session, KIND, row, expected_version, changes)
    if "gcm_objectives" in values:
        await record_writes.set_objectives(
            session, MODEL, row.id, values["gcm_objectives"], replace=True
        )
    await workflow.announce(
        session, context, KIND, ContributionAction.UPDATED, row, updated, objectives_before
    )
    return updated


async def update(
    context: Context, global_id: str, expected_version: int, fields: dict[str, Any]
) -> Written:
    """Change a contribution's content (not its status), at any time."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            row = await workflow.target(session, context, KIND, global_id, KIND.update)
            workflow.check_editable(context, KIND, row)
            workflow.check_version(KIND, row, expected_version)
            checker = Checker(("input",))
            values = normalise_input(checker, fields, creating=False)
            if not fields:
                checker.add(Problem.REQUIRED, (), "`input` names no field to change")
            lookups = Lookups(session)
            if values.get("review_process"):
                process = await lookups.review_process(values["review_process"])
                if process is None:
                    checker.add(
                        Problem.UNKNOWN_REFERENCE,
                        "review_process",
                        f"there is no review process {values['review_process']!r}",
                    )
                else:
                    values["review_process_id"] = process.id
            await lookups.check_codes(checker, {n: values[n] for n in CODE_FIELDS if n in values})
            if not checker.ok:
                raise Abort(checker.errors)
            return Written(row=await update_draft(session, context, row, expected_version, values))
    except Abort as abort:
        return Written(errors=abort.errors)


async def submit(context: Context, global_id: str, expected_version: int) -> Written:
    """DRAFT -> SUBMITTED, while the review process is open."""
    return await workflow.submit(
        context, KIND, global_id, expected_version, check=review_window_is_open
    )
