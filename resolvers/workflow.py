"""The workflow review contributions and recommendations share, and editors' removal of
duplicates.

Status moves DRAFT -> SUBMITTED -> PUBLISHED; WITHDRAWN is reachable from DRAFT and SUBMITTED,
and from PUBLISHED for editors; a withdrawn record is final. Editors remove a record (a soft
delete: invisible to every reader, reversible with restore) or merge a duplicate into another
record, which gains the duplicate's links and answers to its id from then on. Each write runs
in its own transaction and is audited (and announced, for contributions).
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, func
from sqlalchemy.ext.asyncio import AsyncSession

from db.queries import record_writes
from db.queries.visibility import WorkflowModel
from resolvers.authorization import Action, can, may_replay, may_see_record
from resolvers.context import Context
from resolvers.user_errors import Abort, Path, Problem, UserError
from resolvers.validation import NOTE_MAX, Checker
from resolvers.writes import (
    database_id,
    record,
    require_writer,
    snapshot,
    stale_version,
    write_transaction,
)

# Tell subscribers of a committed change (in the write's transaction): the action, the row after.
Notify = Callable[[AsyncSession, str, Row[Any]], Awaitable[None]]
# A check a record must pass before it is submitted; it records problems on the checker.
SubmitCheck = Callable[[AsyncSession, Context, Row[Any], Checker], Awaitable[None]]
# A change of state: given a record, the columns to change, the action and its note (or
# Abort when the record may not change so).
Step = Callable[[AsyncSession, Row[Any]], Awaitable[tuple[dict[str, Any], str, str | None]]]


@dataclass(frozen=True)
class RecordKind:
    """What the workflow needs to know of one kind of record."""

    model: WorkflowModel
    entity: str  # in the audit trail
    type_name: str  # in global ids
    noun: str  # in messages
    update: Action
    update_published: Action
    submit: Action
    withdraw: Action
    withdraw_published: Action
    publish: Action
    notify: Notify | None = None  # None: nobody subscribes to this kind of record


@dataclass
class Written:
    """The outcome of one write: the row as stored, or the problems that stopped it."""

    row: Row[Any] | None = None
    errors: list[UserError] = field(default_factory=list)


async def announce(
    session: AsyncSession,
    context: Context,
    kind: RecordKind,
    action: str,
    before: Row[Any] | None,
    after: Row[Any],
    objectives_before: list[int] | None = None,
    note: str | None = None,
) -> None:
    """Append a change of a record, with its GCM objectives before and after, to the trail,
    and notify its subscribers."""
    objectives_after = await record_writes.objectives_of(session, kind.model, after.id)
    await record(
        session,
        context,
        action=action,
        entity=kind.entity,
        entity_id=str(after.id),
        iscm_id=after.iscm_id,
        before=snapshot(before, gcm_objectives=objectives_before) if before is not None else None,
        after=snapshot(after, gcm_objectives=objectives_after),
        note=note,
    )
    if kind.notify is not None:
        await kind.notify(session, action, after)


def not_found(kind: RecordKind, global_id: str, path: Path = ("id",)) -> UserError:
    """The NOT_FOUND error of an id naming nothing the caller may see."""
    return UserError(Problem.NOT_FOUND, path, f"there is no {kind.noun} {global_id!r}")


async def target(
    session: AsyncSession,
    context: Context,
    kind: RecordKind,
    global_id: str,
    action: Action,
    *,
    path: Path = ("id",),
    removed: bool = False,
) -> Row[Any]:
    """Return the record `global_id` names (a merged duplicate's id names the record it went
    into) if the caller may see it and act on it; with `removed`, a removed record."""
    record_id = database_id(global_id, kind.type_name)
    row = await record_writes.record_by_id(session, kind.model, record_id) if record_id else None
    # A record the caller may not see is reported missing, so its existence does not leak.
    visible = row is not None and (
        row.deleted_at is not None and context.principal.sees_everything
        if removed
        else may_see_record(
            context.principal,
            iscm_id=row.iscm_id,
            status=row.status,
            removed=row.deleted_at is not None,
        )
    )
    if removed and row is not None and row.deleted_at is None and context.principal.sees_everything:
        raise Abort(
            [
                UserError(
                    Problem.INVALID_TRANSITION,
                    path,
                    f"this {kind.noun} is not removed (the id of a merged duplicate names the"
                    " record it was merged into; a merge is not undone)",
                )
            ]
        )
    if not visible:
        raise Abort([not_found(kind, global_id, path)])
    assert row is not None
    if not can(context.principal, action, row.iscm_id):
        raise Abort(
            [UserError(Problem.FORBIDDEN, path, f"you may not change this {kind.noun} this way")]
        )
    return row


async def replayed(
    session: AsyncSession,
    context: Context,
    kind: RecordKind,
    record_id: int,
    action: Action,
    forbidden: UserError,
) -> Row[Any]:
    """Return the record an idempotent create made, checked anew: Abort with `forbidden` (what
    the same request made now would get) when the caller may no longer have it, NOT_FOUND
    when an editor removed it since."""
    row = await record_writes.record_by_id(session, kind.model, record_id)
    if row is None or not may_replay(
        context.principal, action, iscm_id=row.iscm_id, status=row.status
    ):
        raise Abort([forbidden])
    if row.deleted_at is not None:
        raise Abort(
            [
                UserError(
                    Problem.NOT_FOUND,
                    ("idempotencyKey",),
                    f"the {kind.noun} this key created was removed by an editor",
                )
            ]
        )
    return row


def stale(kind: RecordKind, current: int | None, expected: int) -> UserError:
    """The CONFLICT error of a write based on an outdated version."""
    return stale_version(kind.noun, current, expected)


def check_version(kind: RecordKind, row: Row[Any], expected_version: int) -> None:
    """Refuse a write based on a version other than the stored one."""
    if row.version != expected_version:
        raise Abort([stale(kind, row.version, expected_version)])


def refuse_transition(kind: RecordKind, row: Row[Any], to: str) -> Abort:
    """The INVALID_TRANSITION error of moving `row` to status `to`."""
    return Abort(
        [
            UserError(
                Problem.INVALID_TRANSITION,
                ("id",),
                f"a {row.status} {kind.noun} cannot become {to}",
            )
        ]
    )


def check_editable(context: Context, kind: RecordKind, row: Row[Any]) -> None:
    """Refuse editing a withdrawn record, and a published one unless the caller is an editor."""
    if row.status == "WITHDRAWN":
        raise refuse_transition(kind, row, "edited")
    if row.status == "PUBLISHED" and not can(context.principal, kind.update_published, row.iscm_id):
        raise Abort(
            [
                UserError(
                    Problem.FORBIDDEN, ("id",), f"only editors may edit a published {kind.noun}"
                )
            ]
        )


async def versioned_update(
    session: AsyncSession,
    kind: RecordKind,
    row: Row[Any],
    expected_version: int,
    values: dict[str, Any],
) -> Row[Any]:
    """Write `values` from `expected_version`; CONFLICT when another write got there first."""
    updated = await record_writes.update_record(
        session, kind.model, row.id, expected_version, values
    )
    if updated is None:
        raise Abort([stale(kind, None, expected_version)])
    return updated


async def move_to(
    session: AsyncSession,
    context: Context,
    kind: RecordKind,
    row: Row[Any],
    changes: dict[str, Any],
    action: str,
    note: str | None = None,
) -> Row[Any]:
    """Apply a change of state (its version increments) and announce it with its objectives."""
    updated = await versioned_update(session, kind, row, row.version, changes)
    objectives = await record_writes.objectives_of(session, kind.model, row.id)
    await announce(session, context, kind, action, row, updated, objectives, note)
    return updated


def reason_text(reason: str) -> str:
    """Return the normalised reason given for a change, or Abort when there is none."""
    checker = Checker(())
    text = checker.text("reason", reason, required=True, max_length=NOTE_MAX)
    if not checker.ok:
        raise Abort(checker.errors)
    assert text is not None
    return text


async def change_state(
    context: Context,
    kind: RecordKind,
    global_id: str,
    action: Action,
    step: Step,
    *,
    removed: bool = False,
) -> Written:
    """Run one change of state on the record `global_id` names, in its own transaction."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            row = await target(session, context, kind, global_id, action, removed=removed)
            changes, name, note = await step(session, row)
            return Written(row=await move_to(session, context, kind, row, changes, name, note))
    except Abort as abort:
        return Written(errors=abort.errors)


async def submit(
    context: Context,
    kind: RecordKind,
    global_id: str,
    expected_version: int,
    check: SubmitCheck | None = None,
) -> Written:
    """DRAFT -> SUBMITTED, once the record passes `check`."""

    async def step(session: AsyncSession, row: Row[Any]) -> tuple[dict[str, Any], str, None]:
        if row.status != "DRAFT":
            raise refuse_transition(kind, row, "SUBMITTED")
        check_version(kind, row, expected_version)
        if check is not None:
            checker = Checker(())
            await check(session, context, row, checker)
            if not checker.ok:
                raise Abort(checker.errors)
        submitter = context.principal.display or context.principal.subject
        changes = {"status": "SUBMITTED", "submitted_at": func.now(), "submitted_by": submitter}
        return changes, "SUBMITTED", None

    return await change_state(context, kind, global_id, kind.submit, step)


async def withdraw(context: Context, kind: RecordKind, global_id: str, reason: str) -> Written:
    """Any status but WITHDRAWN -> WITHDRAWN; a published record only by an editor."""

    async def step(_session: AsyncSession, row: Row[Any]) -> tuple[dict[str, Any], str, str]:
        if row.status == "WITHDRAWN":
            raise refuse_transition(kind, row, "WITHDRAWN")
        if row.status == "PUBLISHED" and not can(
            context.principal, kind.withdraw_published, row.iscm_id
        ):
            raise Abort(
                [
                    UserError(
                        Problem.FORBIDDEN,
                        ("id",),
                        f"only editors may withdraw a published {kind.noun}",
                    )
                ]
            )
        return {"status": "WITHDRAWN"}, "WITHDRAWN", reason_text(reason)

    return await change_state(context, kind, global_id, kind.withdraw, step)


async def publish(context: Context, kind: RecordKind, global_id: str) -> Written:
    """SUBMITTED -> PUBLISHED (editors)."""

    async def step(_session: AsyncSession, row: Row[Any]) -> tuple[dict[str, Any], str, None]:
        if row.status != "SUBMITTED":
            raise refuse_transition(kind, row, "PUBLISHED")
        return {"status": "PUBLISHED", "published_at": func.now()}, "PUBLISHED", None

    return await change_state(context, kind, global_id, kind.publish, step)


async def remove(context: Context, kind: RecordKind, global_id: str, reason: str) -> Written:
    """Remove a record (editors): invisible to every reader from now on, until restored."""

    async def step(_session: AsyncSession, _row: Row[Any]) -> tuple[dict[str, Any], str, str]:
        return {"deleted_at": func.now()}, "REMOVED", reason_text(reason)

    return await change_state(context, kind, global_id, Action.REMOVE_RECORD, step)


async def restore(context: Context, kind: RecordKind, global_id: str, reason: str) -> Written:
    """Bring a removed record back (editors), as it was; a merged duplicate stays merged."""

    async def step(_session: AsyncSession, _row: Row[Any]) -> tuple[dict[str, Any], str, str]:
        return {"deleted_at": None}, "RESTORED", reason_text(reason)

    return await change_state(context, kind, global_id, Action.RESTORE_RECORD, step, removed=True)


async def merge(
    context: Context, kind: RecordKind, duplicate_id: str, into_id: str, reason: str
) -> Written:
    """Merge a duplicate into another record of the same ISCM (editors).

    The survivor keeps its content, gains the duplicate's links (and, for a recommendation,
    its meeting and document where it has none, and its sources); the duplicate is removed
    and its id names the survivor from then on.
    """
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            duplicate = await target(
                session, context, kind, duplicate_id, Action.MERGE_RECORDS, path=("id",)
            )
            survivor = await target(
                session, context, kind, into_id, Action.MERGE_RECORDS, path=("into",)
            )
            if duplicate.id == survivor.id:
                raise Abort(
                    [
                        UserError(
                            Problem.INVALID, ("into",), f"a {kind.noun} cannot merge into itself"
                        )
                    ]
                )
            if duplicate.iscm_id != survivor.iscm_id:
                raise Abort(
                    [
                        UserError(
                            Problem.INVALID,
                            ("into",),
                            f"only duplicates of the same ISCM merge: this {kind.noun} is another ISCM's",
                        )
                    ]
                )
            note = reason_text(reason)
            before_objectives = await record_writes.objectives_of(session, kind.model, survivor.id)
            await record_writes.copy_links(session, kind.model, duplicate.id, survivor.id)
            await record_writes.redirect_merged(session, kind.model, duplicate.id, survivor.id)
            await move_to(
                session,
                context,
                kind,
                duplicate,
                {"deleted_at": func.now(), "merged_into_id": survivor.id},
                "MERGED_INTO",
                f"merged into {into_id}: {note}",
            )
            updated = await versioned_update(
                session, kind, survivor, survivor.version, gained_columns(duplicate, survivor)
            )
            await announce(
                session,
                context,
                kind,
                "MERGED",
                survivor,
                updated,
                before_objectives,
                f"{duplicate_id} merged into it: {note}",
            )
            return Written(row=updated)
    except Abort as abort:
        return Written(errors=abort.errors)


# Columns a survivor takes from the duplicate where it has no value of its own.
FILLED_COLUMNS = ("event_id", "document_id", "source_url", "adopted_on")


def gained_columns(duplicate: Row[Any], survivor: Row[Any]) -> dict[str, Any]:
    """What the survivor of a merge takes from the duplicate: its sources, and the links and
    facts it lacks."""
    mine = survivor._mapping
    theirs = duplicate._mapping
    gained = {
        name: theirs[name]
        for name in FILLED_COLUMNS
        if name in mine and mine[name] is None and theirs[name] is not None
    }
    if "sources" in mine:
        gained["sources"] = list(dict.fromkeys([*mine["sources"], *theirs["sources"]]))
    return gained
