"""Writing review contributions: create, update, submit, withdraw, publish, bulk import.

Each write checks everything before it changes anything, runs in its own transaction,
appends to the audit trail and announces the change (pg_notify, delivered on commit).
Status moves DRAFT -> SUBMITTED -> PUBLISHED; WITHDRAWN is reachable from DRAFT and
SUBMITTED, and from PUBLISHED for editors; a withdrawn contribution is final.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import orjson
from sqlalchemy import Row, func
from sqlalchemy.ext.asyncio import AsyncSession

from db.queries import contribution_writes as queries
from db.queries import reference_lookups
from resolvers.authorization import (
    Action,
    can,
    may_replay_contribution,
    may_see_contribution,
)
from resolvers.context import Context
from resolvers.idempotency import checked_key, remember, replay_or_claim
from resolvers.user_errors import Abort, Path, Problem, UserError
from resolvers.validation import NOTE_MAX, SLUG_MAX, TEXT_MAX, TITLE_MAX, Checker, Lookups
from resolvers.writes import (
    database_id,
    record,
    require_writer,
    snapshot,
    today,
    write_transaction,
)

ENTITY = "review_contribution"
TYPE_NAME = "ReviewContribution"
TEXT_FIELDS = (
    ("title", True, TITLE_MAX),
    ("summary", True, TEXT_MAX),
    ("practices", False, TEXT_MAX),
    ("challenges", False, TEXT_MAX),
)
CODE_FIELDS = ("level", "phase", "outcome_type")


class ContributionAction(StrEnum):
    """What happened to a contribution (in the audit trail and in subscription events)."""

    CREATED = "CREATED"
    UPDATED = "UPDATED"
    SUBMITTED = "SUBMITTED"
    WITHDRAWN = "WITHDRAWN"
    PUBLISHED = "PUBLISHED"


@dataclass
class Written:
    """The outcome of one write: the row as stored, or the problems that stopped it."""

    row: Row[Any] | None = None
    errors: list[UserError] = field(default_factory=list)


@dataclass
class ImportedItem:
    """One input of a bulk import, with its stored row or its problems."""

    index: int
    row: Row[Any] | None
    errors: list[UserError]


@dataclass
class Imported:
    """The outcome of a bulk import."""

    items: list[ImportedItem] = field(default_factory=list)
    errors: list[UserError] = field(default_factory=list)


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
    """Return the NOTIFY payload announcing `action` on `row`."""
    return orjson.dumps(
        {
            "id": row.id,
            "iscm_id": row.iscm_id,
            "action": action.value,
            "status": row.status,
            "version": row.version,
        }
    ).decode()


async def announce(
    session: AsyncSession,
    context: Context,
    action: ContributionAction,
    *,
    before: Row[Any] | None,
    after: Row[Any],
    objectives_before: list[int] | None = None,
    note: str | None = None,
) -> None:
    """Audit the change and notify subscribers (both in the write's transaction)."""
    objectives_after = await queries.objectives_of(session, after.id)
    await record(
        session,
        context,
        action=action.value,
        entity=ENTITY,
        entity_id=str(after.id),
        iscm_id=after.iscm_id,
        before=snapshot(before, gcm_objectives=objectives_before) if before is not None else None,
        after=snapshot(after, gcm_objectives=objectives_after),
        note=note,
    )
    await queries.notify_contribution_event(session, event_payload(after, action))


def check_window(
    checker: Checker, context: Context, process: Row[Any], iscm_id: int, path: str
) -> None:
    """Partners write only while the review process is open; editors at any time."""
    if process.opens_on <= today() <= process.closes_on:
        return
    if can(context.principal, Action.WRITE_OUTSIDE_REVIEW_WINDOW, iscm_id):
        return
    checker.add(
        Problem.OUTSIDE_REVIEW_WINDOW,
        path,
        f"review process {process.slug!r} accepts contributions from "
        f"{process.opens_on.isoformat()} to {process.closes_on.isoformat()}",
    )


def forbidden_iscm(root: Path, slug: str) -> UserError:
    """Return the error of an input naming an ISCM the caller may not write for."""
    return UserError(
        Problem.FORBIDDEN, (*root, "iscm"), f"you may not write contributions for {slug!r}"
    )


async def replayed(
    session: AsyncSession, context: Context, contribution_id: int, root: Path, slug: str
) -> Row[Any]:
    """Return a replayed create's contribution, or Abort as the same request made now would."""
    row = await queries.contribution_by_id(session, contribution_id)
    if row is None or not may_replay_contribution(
        context.principal, iscm_id=row.iscm_id, status=row.status
    ):
        raise Abort([forbidden_iscm(root, slug)])
    return row


async def insert_checked(
    session: AsyncSession,
    context: Context,
    lookups: Lookups,
    checker: Checker,
    values: dict[str, Any],
) -> Row[Any]:
    """Check references and permission of one normalised input, then insert it; Abort on problems."""
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
    if process is not None and iscm is not None:
        check_window(checker, context, process, iscm.id, "review_process")
    await lookups.check_codes(checker, {name: values.get(name) for name in CODE_FIELDS})
    if not checker.ok:
        raise Abort(checker.errors)
    assert iscm is not None
    assert process is not None
    row = await queries.insert_contribution(
        session,
        {
            "iscm_id": iscm.id,
            "review_process_id": process.id,
            "title": values["title"],
            "summary": values["summary"],
            "practices": values["practices"],
            "challenges": values["challenges"],
            "level": values.get("level"),
            "phase": values.get("phase"),
            "outcome_type": values.get("outcome_type"),
            "status": "DRAFT",
        },
    )
    await queries.set_objectives(session, row.id, values["gcm_objectives"])
    await announce(session, context, ContributionAction.CREATED, before=None, after=row)
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
            row = await insert_checked(session, context, Lookups(session), checker, values)
            await remember(session, context.principal, key, {"ids": [row.id]})
            return Written(row=row)
    except Abort as abort:
        return Written(errors=abort.errors)


async def target(
    session: AsyncSession, context: Context, global_id: str, action: Action
) -> Row[Any]:
    """Return the contribution `global_id` names, if the caller may see it and act on it."""
    contribution_id = database_id(global_id, TYPE_NAME)
    row = await queries.contribution_by_id(session, contribution_id) if contribution_id else None
    # A contribution the caller may not see is reported missing, so its existence does not leak.
    if row is None or not may_see_contribution(
        context.principal, iscm_id=row.iscm_id, status=row.status
    ):
        raise Abort(
            [
                UserError(
                    Problem.NOT_FOUND, ("id",), f"there is no review contribution {global_id!r}"
                )
            ]
        )
    if not can(context.principal, action, row.iscm_id):
        raise Abort(
            [
                UserError(
                    Problem.FORBIDDEN,
                    ("id",),
                    "you may not change contributions of this ISCM this way",
                )
            ]
        )
    return row


def check_version(row: Row[Any], expected_version: int) -> None:
    """Refuse a write based on a version other than the stored one."""
    if row.version != expected_version:
        raise Abort([stale(row.version, expected_version)])


def stale(current: int | None, expected: int) -> UserError:
    """The CONFLICT error of a write based on an outdated version."""
    now = f"it is now at version {current}" if current is not None else "it changed meanwhile"
    return UserError(
        Problem.CONFLICT,
        ("expectedVersion",),
        f"the contribution was changed since version {expected}: {now}; reload and retry",
    )


def refuse_transition(row: Row[Any], to: str) -> Abort:
    """The INVALID_TRANSITION error of moving `row` to status `to`."""
    return Abort(
        [
            UserError(
                Problem.INVALID_TRANSITION,
                ("id",),
                f"a {row.status} contribution cannot become {to}",
            )
        ]
    )


async def versioned_update(
    session: AsyncSession, row: Row[Any], expected_version: int, values: dict[str, Any]
) -> Row[Any]:
    """Write `values` from `expected_version`; CONFLICT when another write got there first."""
    updated = await queries.update_contribution(session, row.id, expected_version, values)
    if updated is None:
        raise Abort([stale(None, expected_version)])
    return updated


async def update(
    context: Context, global_id: str, expected_version: int, fields: dict[str, Any]
) -> Written:
    """Change a contribution's content (not its status)."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            row = await target(session, context, global_id, Action.UPDATE_CONTRIBUTION)
            if row.status == "WITHDRAWN":
                raise refuse_transition(row, "edited")
            if row.status == "PUBLISHED" and not can(
                context.principal, Action.UPDATE_PUBLISHED_CONTRIBUTION, row.iscm_id
            ):
                raise Abort(
                    [
                        UserError(
                            Problem.FORBIDDEN,
                            ("id",),
                            "only editors may edit a published contribution",
                        )
                    ]
                )
            check_version(row, expected_version)
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
                process = await reference_lookups.review_process_by_id(
                    session, row.review_process_id
                )
            if process is not None:
                check_window(checker, context, process, row.iscm_id, "review_process")
            await lookups.check_codes(checker, {n: values[n] for n in CODE_FIELDS if n in values})
            if not checker.ok:
                raise Abort(checker.errors)
            changes = {
                n: v for n, v in values.items() if n not in ("review_process", "gcm_objectives")
            }
            if "review_process" in values:
                assert process is not None
                changes["review_process_id"] = process.id
            objectives_before = await queries.objectives_of(session, row.id)
            updated = await versioned_update(session, row, expected_version, changes)
            if "gcm_objectives" in values:
                await queries.set_objectives(session, row.id, values["gcm_objectives"])
            await announce(
                session,
                context,
                ContributionAction.UPDATED,
                before=row,
                after=updated,
                objectives_before=objectives_before,
            )
            return Written(row=updated)
    except Abort as abort:
        return Written(errors=abort.errors)


async def move_to(
    session: AsyncSession,
    context: Context,
    row: Row[Any],
    expected_version: int,
    changes: dict[str, Any],
    action: ContributionAction,
    note: str | None = None,
) -> Written:
    """Apply a status change under the version check and announce it with its objectives."""
    updated = await versioned_update(session, row, expected_version, changes)
    objectives = await queries.objectives_of(session, row.id)
    await announce(
        session,
        context,
        action,
        before=row,
        after=updated,
        objectives_before=objectives,
        note=note,
    )
    return Written(row=updated)


async def submit(context: Context, global_id: str, expected_version: int) -> Written:
    """DRAFT -> SUBMITTED, while the review process is open."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            row = await target(session, context, global_id, Action.SUBMIT_CONTRIBUTION)
            if row.status != "DRAFT":
                raise refuse_transition(row, "SUBMITTED")
            check_version(row, expected_version)
            process = await reference_lookups.review_process_by_id(session, row.review_process_id)
            assert process is not None
            checker = Checker(())
            check_window(checker, context, process, row.iscm_id, "id")
            if not checker.ok:
                raise Abort(checker.errors)
            changes = {
                "status": "SUBMITTED",
                "submitted_at": func.now(),
                "submitted_by": context.principal.display or context.principal.subject,
            }
            return await move_to(
                session, context, row, expected_version, changes, ContributionAction.SUBMITTED
            )
    except Abort as abort:
        return Written(errors=abort.errors)


async def withdraw(context: Context, global_id: str, reason: str) -> Written:
    """Any status but WITHDRAWN -> WITHDRAWN; a published one only by an editor."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            row = await target(session, context, global_id, Action.WITHDRAW_CONTRIBUTION)
            if row.status == "WITHDRAWN":
                raise refuse_transition(row, "WITHDRAWN")
            if row.status == "PUBLISHED" and not can(
                context.principal, Action.WITHDRAW_PUBLISHED_CONTRIBUTION, row.iscm_id
            ):
                raise Abort(
                    [
                        UserError(
                            Problem.FORBIDDEN,
                            ("id",),
                            "only editors may withdraw a published contribution",
                        )
                    ]
                )
            checker = Checker(())
            text = checker.text("reason", reason, required=True, max_length=NOTE_MAX)
            if not checker.ok:
                raise Abort(checker.errors)
            return await move_to(
                session,
                context,
                row,
                row.version,
                {"status": "WITHDRAWN"},
                ContributionAction.WITHDRAWN,
                note=text,
            )
    except Abort as abort:
        return Written(errors=abort.errors)


async def publish(context: Context, global_id: str) -> Written:
    """SUBMITTED -> PUBLISHED (editors)."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            row = await target(session, context, global_id, Action.PUBLISH_CONTRIBUTION)
            if row.status != "SUBMITTED":
                raise refuse_transition(row, "PUBLISHED")
            changes = {"status": "PUBLISHED", "published_at": func.now()}
            return await move_to(
                session, context, row, row.version, changes, ContributionAction.PUBLISHED
            )
    except Abort as abort:
        return Written(errors=abort.errors)


class ImportFailed(Exception):
    """An all-or-nothing import met problems: roll everything back."""

    def __init__(self, items: list[ImportedItem]) -> None:
        super().__init__("import failed")
        self.items = items


def item_root(index: int) -> Path:
    """The error path of the import's input number `index`."""
    return ("inputs", str(index))


async def replayed_items(
    session: AsyncSession,
    context: Context,
    result: dict[str, Any],
    normalised: list[dict[str, Any]],
) -> list[ImportedItem]:
    """Rebuild an import's per-item results from its stored idempotent result, checked anew."""
    items = []
    for index, stored in enumerate(result.get("items", [])):
        try:
            row = (
                await replayed(
                    session, context, stored["id"], item_root(index), normalised[index]["iscm"]
                )
                if stored["id"]
                else None
            )
            errors = [UserError.from_json(e) for e in stored["errors"]]
        except Abort as abort:
            row, errors = None, abort.errors
        items.append(ImportedItem(index=index, row=row, errors=errors))
    return items


async def insert_items(
    session: AsyncSession,
    context: Context,
    checkers: list[Checker],
    normalised: list[dict[str, Any]],
    *,
    atomic: bool,
) -> list[ImportedItem]:
    """Insert each checked input; a failed one takes only its own SAVEPOINT unless atomic."""
    lookups = Lookups(session)
    items = []
    for index, (checker, values) in enumerate(zip(checkers, normalised, strict=True)):
        try:
            if atomic:
                row = await insert_checked(session, context, lookups, checker, values)
            else:
                async with session.begin_nested():
                    row = await insert_checked(session, context, lookups, checker, values)
            items.append(ImportedItem(index=index, row=row, errors=[]))
        except Abort as abort:
            items.append(ImportedItem(index=index, row=None, errors=abort.errors))
    return items


async def import_many(
    context: Context,
    inputs: list[dict[str, Any]],
    *,
    atomic: bool,
    idempotency_key: str | None,
) -> Imported:
    """Create many DRAFT contributions: all or nothing, or item by item (a SAVEPOINT each)."""
    require_writer(context.principal)
    limit = context.config.max_import_items
    if len(inputs) > limit:
        return Imported(
            errors=[
                UserError(
                    Problem.TOO_MANY_ITEMS,
                    ("inputs",),
                    f"{len(inputs)} inputs; at most {limit} are accepted per call",
                )
            ]
        )
    try:
        async with write_transaction(context) as session:
            key = checked_key(idempotency_key)
            checkers = [Checker(item_root(i)) for i in range(len(inputs))]
            normalised = [
                normalise_input(checker, fields, creating=True)
                for checker, fields in zip(checkers, inputs, strict=True)
            ]
            replay = await replay_or_claim(
                session,
                context.principal,
                key,
                "importReviewContributions",
                {"atomic": atomic, "inputs": normalised},
            )
            if replay is not None:
                items = await replayed_items(session, context, replay, normalised)
            else:
                items = await insert_items(session, context, checkers, normalised, atomic=atomic)
            if atomic and any(item.errors for item in items):
                raise ImportFailed(items)
            if replay is None:
                stored = [
                    {
                        "id": item.row.id if item.row else None,
                        "errors": [e.to_json() for e in item.errors],
                    }
                    for item in items
                ]
                await remember(session, context.principal, key, {"items": stored})
            return Imported(items=items)
    except Abort as abort:
        return Imported(errors=abort.errors)
    except ImportFailed as failed:
        rolled_back = [ImportedItem(item.index, None, item.errors) for item in failed.items]
        return Imported(items=rolled_back, errors=[e for item in failed.items for e in item.errors])
