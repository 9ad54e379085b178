"""Editors' writes to the catalogue's reference content, events and documents alike: create,
update (versioned), link (to ISCMs and to each other), remove and restore, each change citing a
source and recorded in the audit trail.

What differs between events and documents (their fields, their links) is declared in
resolvers/event_writes.py and resolvers/document_writes.py. Every change increments the
record's `version`, so `iscm-graph seed` keeps a record an editor changed, links included;
removal is a soft delete (`deleted_at`), invisible to every reader and undone by restore.
"""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Table, func
from sqlalchemy.ext.asyncio import AsyncSession

from db.queries import content_writes as queries
from db.queries.audit import CREATED
from resolvers.authorization import Action, can
from resolvers.context import Context
from resolvers.idempotency import checked_key, remember, replay_or_claim
from resolvers.user_errors import Abort, Path, Problem, UserError
from resolvers.validation import SLUG_MAX, Checker, camel, cited
from resolvers.workflow import Written, reason_text
from resolvers.writes import (
    database_id,
    jsonable,
    record,
    require_writer,
    snapshot,
    stale_version,
    with_source,
    write_transaction,
)

# How many records one link call may name.
MAX_LINKS = 100

# Check the links a record would have (by link name: the input field naming them, and their
# ids) against the record as it would be stored (its column values).
LinkRule = Callable[[Checker, Mapping[Any, Any], dict[str, tuple[str, list[int]]]], None]
# Check and normalise the fields present in an input (snake_case names) into column values:
# all of them when creating (the current row is None), else those given, checked against
# the row as it would be stored.
Normalise = Callable[
    [AsyncSession, Checker, dict[str, Any], Row[Any] | None], Awaitable[dict[str, Any]]
]


@dataclass(frozen=True)
class Link:
    """One kind of link of a record: the link table, its column naming the record, its column
    naming the other end, and what the other end is: an ISCM (named by slug) or the GraphQL
    type of a record (named by global id)."""

    table: Table
    owner: str
    other: str
    target: str  # "Iscm", "Event" or "Document"
    model: queries.ContentModel | None = None  # of a record; None for an ISCM


@dataclass(frozen=True)
class ContentKind:
    """What the writes need to know of one kind of reference content."""

    model: queries.ContentModel
    entity: str  # in the audit trail
    type_name: str  # in global ids
    noun: str  # in messages
    action: Action
    normalise: Normalise
    links: dict[str, Link]  # by input field name (snake_case)
    # The ISCM whose partners may read the record's audit events (events: the one that held it).
    iscm_of: Callable[[Row[Any]], int | None]
    link_rule: LinkRule | None = None


def refuse_unless_editor(context: Context, kind: ContentKind, path: Path) -> None:
    """Only editors (and admins) write reference content."""
    if not can(context.principal, kind.action, None):
        raise Abort(
            [UserError(Problem.FORBIDDEN, path, f"only editors may create or change {kind.noun}s")]
        )


def not_found(kind: ContentKind, global_id: str, path: Path = ("id",)) -> UserError:
    """The NOT_FOUND error of an id naming no record of `kind`."""
    return UserError(Problem.NOT_FOUND, path, f"there is no {kind.noun} {global_id!r}")


async def target(
    session: AsyncSession, context: Context, kind: ContentKind, global_id: str, *, removed: bool
) -> Row[Any]:
    """Return the record `global_id` names if the caller may change it: a live one, or, with
    `removed`, also one an editor removed."""
    refuse_unless_editor(context, kind, ("id",))
    row_id = database_id(global_id, kind.type_name)
    row = await queries.content_by_id(session, kind.model, row_id) if row_id else None
    # A removed record is invisible: only restoring it may name it.
    if row is None or (row.deleted_at is not None and not removed):
        raise Abort([not_found(kind, global_id)])
    return row


async def with_links(session: AsyncSession, kind: ContentKind, row: Row[Any]) -> dict[str, Any]:
    """The record as audit JSON, with what it is linked to."""
    links = {
        name: await queries.linked(session, link.table, link.owner, row.id, link.other)
        for name, link in kind.links.items()
    }
    stored = snapshot(row, **links)
    assert stored is not None
    return stored


async def audit(
    session: AsyncSession,
    context: Context,
    kind: ContentKind,
    action: str,
    before: dict[str, Any] | None,
    after: Row[Any],
    note: str,
) -> None:
    """Append a change of a record, with its links before and after, to the audit trail."""
    await record(
        session,
        context,
        action=action,
        entity=kind.entity,
        entity_id=str(after.id),
        iscm_id=kind.iscm_of(after),
        before=before,
        after=await with_links(session, kind, after),
        note=note,
    )


async def link_targets(
    session: AsyncSession, checker: Checker, link: Link, name: str, values: Any
) -> list[int]:
    """Return the ids the values of input field `name` name through `link` (ISCM slugs, or
    global ids of records), recording UNKNOWN_REFERENCE for each that names nothing."""
    given = list(values or [])
    if len(given) > MAX_LINKS:
        checker.add(Problem.TOO_MANY_ITEMS, name, f"name at most {MAX_LINKS} at once")
        return []
    if link.target == "Iscm":
        slugs = [checker.text(name, value, required=True, max_length=SLUG_MAX) for value in given]
        known = await queries.iscm_ids_by_slug(session, [s for s in slugs if s])
        for index, slug in enumerate(slugs):
            if slug is not None and slug not in known:
                checker.add(
                    Problem.UNKNOWN_REFERENCE,
                    (camel(name), str(index)),
                    f"there is no ISCM {slug!r}",
                )
        return list(dict.fromkeys(known[s] for s in slugs if s in known))
    assert link.model is not None
    ids = [database_id(str(value), link.target) for value in given]
    live = await queries.live_ids(session, link.model, [i for i in ids if i is not None])
    for index, (value, row_id) in enumerate(zip(given, ids, strict=True)):
        if row_id not in live:
            checker.add(
                Problem.UNKNOWN_REFERENCE,
                (camel(name), str(index)),
                f"there is no {link.target.lower()} {value!r}",
            )
    return list(dict.fromkeys(i for i in ids if i in live))


async def create(
    context: Context,
    kind: ContentKind,
    operation: str,
    fields: dict[str, Any],
    source: str,
    idempotency_key: str | None,
) -> Written:
    """Create a record of `kind` with its links, citing a source (editors)."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            refuse_unless_editor(context, kind, ("input",))
            key = checked_key(idempotency_key)
            replay = await replay_or_claim(
                session, context.principal, key, operation, jsonable({**fields, "source": source})
            )
            if replay is not None:
                return Written(row=await replayed(session, kind, replay["ids"][0]))
            checker = Checker(("input",))
            content = {n: v for n, v in fields.items() if n not in kind.links}
            values = await kind.normalise(session, checker, content, None)
            links = {
                name: await link_targets(session, checker, spec, name, fields.get(name))
                for name, spec in kind.links.items()
            }
            if kind.link_rule is not None and checker.ok:
                kind.link_rule(checker, values, {n: (n, ids) for n, ids in links.items()})
            source_url = cited(checker, source)
            if not checker.ok:
                raise Abort(checker.errors)
            assert source_url is not None
            row = await queries.insert_content(
                session, kind.model, {**values, "sources": [source_url]}
            )
            if row is None:
                raise Abort(
                    [
                        UserError(
                            Problem.CONFLICT,
                            ("input", "slug"),
                            f"there is already a {kind.noun} {values['slug']!r}",
                        )
                    ]
                )
            for name, ids in links.items():
                link = kind.links[name]
                await queries.set_links(
                    session, link.table, link.owner, row.id, link.other, ids, replace=False
                )
            await audit(session, context, kind, CREATED, None, row, source_url)
            await remember(session, context.principal, key, {"ids": [row.id]})
            return Written(row=row)
    except Abort as abort:
        return Written(errors=abort.errors)


async def replayed(session: AsyncSession, kind: ContentKind, row_id: int) -> Row[Any]:
    """Return the record an idempotent create made; NOT_FOUND when an editor removed it since."""
    row = await queries.content_by_id(session, kind.model, row_id)
    if row is None or row.deleted_at is not None:
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


async def versioned(
    session: AsyncSession, kind: ContentKind, row: Row[Any], expected: int, values: dict[str, Any]
) -> Row[Any]:
    """Write `values` from version `expected`; CONFLICT when the record moved on."""
    updated = await queries.update_content(session, kind.model, row.id, expected, values)
    if updated is None:
        raise Abort([stale_version(kind.noun, None, expected)])
    return updated


async def update(
    context: Context,
    kind: ContentKind,
    global_id: str,
    expected_version: int,
    fields: dict[str, Any],
    source: str,
) -> Written:
    """Change a record from the version the editor last read, citing a source."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            row = await target(session, context, kind, global_id, removed=False)
            if row.version != expected_version:
                raise Abort([stale_version(kind.noun, row.version, expected_version)])
            checker = Checker(("input",))
            values = await kind.normalise(session, checker, fields, row)
            if not fields:
                checker.add(Problem.REQUIRED, (), "`input` names no field to change")
            source_url = cited(checker, source)
            if not checker.ok:
                raise Abort(checker.errors)
            assert source_url is not None
            before = await with_links(session, kind, row)
            values["sources"] = with_source(row.sources, source_url)
            updated = await versioned(session, kind, row, expected_version, values)
            await audit(session, context, kind, "UPDATED", before, updated, source_url)
            return Written(row=updated)
    except Abort as abort:
        return Written(errors=abort.errors)


async def link(
    context: Context,
    kind: ContentKind,
    global_id: str,
    name: str,
    values: list[Any],
    *,
    replace: bool,
    source: str,
    argument: str,
) -> Written:
    """Link a record to others through link `name` (with `replace`, to exactly these, else in
    addition), named by the mutation's `argument`, citing a source; its version increments."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            row = await target(session, context, kind, global_id, removed=False)
            checker = Checker(())
            ids = await link_targets(session, checker, kind.links[name], argument, values)
            if not values and not replace:
                checker.add(Problem.REQUIRED, argument, f"`{argument}` names nothing to link to")
            if kind.link_rule is not None and checker.ok:
                kind.link_rule(checker, row._mapping, {name: (argument, ids)})
            source_url = cited(checker, source)
            if not checker.ok:
                raise Abort(checker.errors)
            assert source_url is not None
            before = await with_links(session, kind, row)
            spec = kind.links[name]
            await queries.set_links(
                session, spec.table, spec.owner, row.id, spec.other, ids, replace=replace
            )
            sources = with_source(row.sources, source_url)
            updated = await versioned(session, kind, row, row.version, {"sources": sources})
            action = f"LINKED_{name.upper()}"
            await audit(session, context, kind, action, before, updated, source_url)
            return Written(row=updated)
    except Abort as abort:
        return Written(errors=abort.errors)


async def set_removed(
    context: Context, kind: ContentKind, global_id: str, reason: str, source: str, *, removed: bool
) -> Written:
    """Remove a record (invisible to every reader from then on), or restore a removed one
    as it was (editors), giving a reason and citing a source."""
    require_writer(context.principal)
    try:
        async with write_transaction(context) as session:
            row = await target(session, context, kind, global_id, removed=not removed)
            if not removed and row.deleted_at is None:
                raise Abort(
                    [
                        UserError(
                            Problem.INVALID_TRANSITION, ("id",), f"this {kind.noun} is not removed"
                        )
                    ]
                )
            checker = Checker(())
            source_url = cited(checker, source)
            if not checker.ok:
                raise Abort(checker.errors)
            note = f"{reason_text(reason)} (source: {source_url})"
            before = await with_links(session, kind, row)
            changes = {"deleted_at": func.now() if removed else None}
            updated = await versioned(session, kind, row, row.version, changes)
            action = "REMOVED" if removed else "RESTORED"
            await audit(session, context, kind, action, before, updated, note)
            return Written(row=updated)
    except Abort as abort:
        return Written(errors=abort.errors)
