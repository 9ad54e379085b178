"""The bulk import of review contributions: every input has its own key, so importing the same
inputs again stores only what is new or changed, and never a duplicate.

An input's key is its `key` when given (unique per ISCM), else its natural key: the ISCM,
the review process and the title, case aside (an input with a `key` also finds a record
stored without one by its natural key, and keeps that record). The record its key names:
- none: a new DRAFT is stored (CREATED);
- a DRAFT that says something else: the draft is updated (UPDATED);
- a record that says the same: nothing is written (UNCHANGED);
- a record past DRAFT (submitted, published, withdrawn) that says something else: refused
  with CONFLICT, since an import changes drafts only;
- a record an editor removed, or merged into another: nothing is written (UNCHANGED, with a
  note), so an import does not bring back what an editor took away.
Vocabulary cells (level, phase, outcome type) are read case-insensitively, names included.
`atomic` imports store all or nothing; otherwise each input has its own savepoint. `check`
does everything a non-atomic import does, then rolls it all back: it writes nothing.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from db.queries import contribution_writes as queries
from db.queries import record_writes
from resolvers.context import Context
from resolvers.contribution_writes import (
    CODE_FIELDS,
    KIND,
    MODEL,
    checked_references,
    content_columns,
    insert_draft,
    normalise_input,
    replayed,
    update_draft,
)
from resolvers.idempotency import checked_key, remember, replay_or_claim
from resolvers.user_errors import Abort, Path, Problem, UserError
from resolvers.validation import KEY_MAX, Checker, Lookups
from resolvers.writes import global_id, require_writer, write_transaction


class ImportOutcome(StrEnum):
    """What importing one input did (or, in a check, would do)."""

    CREATED = "CREATED"
    UPDATED = "UPDATED"
    UNCHANGED = "UNCHANGED"
    FAILED = "FAILED"
    ROLLED_BACK = "ROLLED_BACK"


STORED = frozenset({ImportOutcome.CREATED, ImportOutcome.UPDATED})


@dataclass
class ImportedItem:
    """One input of a bulk import: what happened, the record it names, or its problems."""

    index: int
    outcome: ImportOutcome
    row: Row[Any] | None = None
    errors: list[UserError] = field(default_factory=list)
    note: str | None = None
    # The record as it was before an update, which is what a check reports.
    previous: Row[Any] | None = None

    def as_checked(self) -> "ImportedItem":
        """The item as a check reports it: the record as it is, none for one not created."""
        if self.outcome is ImportOutcome.CREATED:
            return ImportedItem(self.index, self.outcome, None, self.errors, self.note)
        if self.outcome is ImportOutcome.UPDATED:
            return ImportedItem(self.index, self.outcome, self.previous, self.errors, self.note)
        return self


@dataclass
class Imported:
    """The outcome of a bulk import; `checked` when nothing was written on purpose."""

    items: list[ImportedItem] = field(default_factory=list)
    errors: list[UserError] = field(default_factory=list)
    checked: bool = False


class ImportFailed(Exception):
    """An all-or-nothing import met problems, or a check ended: roll everything back."""

    def __init__(self, items: list[ImportedItem]) -> None:
        super().__init__("import rolled back")
        self.items = items


def item_root(index: int) -> Path:
    """The error path of the import's input number `index`."""
    return ("inputs", str(index))


def normalise_item(checker: Checker, fields: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise one input: a new contribution's fields (slugs in lower case) and
    its optional key."""
    values = normalise_input(checker, fields, creating=True)
    for name in ("iscm", "review_process"):
        if values[name]:
            values[name] = values[name].lower()
    values["key"] = checker.text("key", fields.get("key"), required=False, max_length=KEY_MAX)
    return values


async def resolve_codes(lookups: Lookups, checker: Checker, values: dict[str, Any]) -> None:
    """Replace the vocabulary cells as written by the codes they spell."""
    for name in CODE_FIELDS:
        if values.get(name):
            values[name] = await lookups.vocabulary_code(checker, name, values[name])


def identity(values: dict[str, Any]) -> tuple[Any, ...] | None:
    """The key an input names its record by, comparable across inputs; None when unknown."""
    if values["key"] is not None:
        return ("key", values["iscm"], values["key"])
    if values["iscm"] and values["review_process"] and values["title"]:
        return ("natural", values["iscm"], values["review_process"], values["title"].casefold())
    return None


def flag_repeats(checkers: list[Checker], normalised: list[dict[str, Any]]) -> None:
    """Refuse an input naming the same record as an earlier input of the call."""
    first_of: dict[tuple[Any, ...], int] = {}
    for index, (checker, values) in enumerate(zip(checkers, normalised, strict=True)):
        named = identity(values)
        if named is None:
            continue
        if named in first_of:
            by_key = values["key"] is not None
            checker.add(
                Problem.CONFLICT,
                "key" if by_key else "title",
                f"input {first_of[named]} of this call has the same "
                + ("key" if by_key else "ISCM, review process and title (give each a `key`)")
                + ": each input must name a different contribution",
            )
        else:
            first_of[named] = index


def matched(candidates: list[Row[Any]], key: str | None, root: Path) -> Row[Any] | None:
    """The record an input names among `candidates` (see the module's rules), or None; Abort
    when its natural key names several live records."""
    if key is not None:
        by_key = [row for row in candidates if row.import_key == key]
        if by_key:
            return by_key[0]
        natural = [row for row in candidates if row.import_key is None]
    else:
        natural = candidates
    live = [row for row in natural if row.deleted_at is None]
    if len(live) > 1:
        ids = ", ".join(global_id(KIND.type_name, row.id) for row in live)
        raise Abort(
            [
                UserError(
                    Problem.CONFLICT,
                    (*root, "title"),
                    f"{len(live)} contributions of this ISCM to this review have this title"
                    f" ({ids}): give the input a `key`, or have an editor merge them",
                )
            ]
        )
    if live:
        return live[0]
    return natural[0] if natural else None


def changes_of(
    row: Row[Any], objectives: list[int], values: dict[str, Any], process_id: int
) -> dict[str, Any]:
    """What an input would change in the record it names (nothing when it says the same)."""
    changes = {
        name: value
        for name, value in content_columns(values).items()
        if row._mapping[name] != value
    }
    if row.review_process_id != process_id:
        changes["review_process_id"] = process_id
    if objectives != values["gcm_objectives"]:
        changes["gcm_objectives"] = values["gcm_objectives"]
    return changes


async def import_item(
    session: AsyncSession,
    context: Context,
    lookups: Lookups,
    index: int,
    checker: Checker,
    values: dict[str, Any],
) -> ImportedItem:
    """Store input number `index`, checked (see the module's rules); Abort on its problems."""
    iscm, process = await checked_references(context, lookups, checker, values)
    key = values["key"]
    candidates = await queries.import_candidates(session, iscm.id, process.id, values["title"], key)
    row = matched(candidates, key, checker.root)
    if row is None:
        created = await insert_draft(session, context, values, iscm, process, import_key=key)
        return ImportedItem(index, ImportOutcome.CREATED, created)
    if row.merged_into_id is not None:
        survivor = await record_writes.record_by_id(session, MODEL, row.id)
        assert survivor is not None
        note = (
            f"{global_id(KIND.type_name, row.id)} was merged into"
            f" {global_id(KIND.type_name, survivor.id)} by an editor; not imported again"
        )
        return ImportedItem(index, ImportOutcome.UNCHANGED, survivor, note=note)
    if row.deleted_at is not None:
        note = (
            f"{global_id(KIND.type_name, row.id)} was removed by an editor; not imported"
            " again (an editor may restore it)"
        )
        return ImportedItem(index, ImportOutcome.UNCHANGED, None, note=note)
    objectives = await record_writes.objectives_of(session, MODEL, row.id)
    changes = changes_of(row, objectives, values, process.id)
    if not changes:
        return ImportedItem(index, ImportOutcome.UNCHANGED, row)
    if row.status != "DRAFT":
        raise Abort(
            [
                UserError(
                    Problem.CONFLICT,
                    (*checker.root, "key" if key is not None else "title"),
                    f"{global_id(KIND.type_name, row.id)} is {row.status} and this input"
                    f" changes {', '.join(sorted(changes))}: an import changes drafts only"
                    " (use updateReviewContribution, or ask an editor)",
                )
            ]
        )
    if key is not None and row.import_key is None:
        changes["import_key"] = key
    updated = await update_draft(session, context, row, row.version, changes)
    return ImportedItem(index, ImportOutcome.UPDATED, updated, previous=row)


async def import_items(
    session: AsyncSession,
    context: Context,
    lookups: Lookups,
    checkers: list[Checker],
    normalised: list[dict[str, Any]],
    *,
    savepoints: bool,
) -> list[ImportedItem]:
    """Import each input in order; with `savepoints`, a failed one takes back only its own."""
    items = []
    for index, (checker, values) in enumerate(zip(checkers, normalised, strict=True)):
        try:
            if not checker.ok:
                raise Abort(checker.errors)
            if savepoints:
                async with session.begin_nested():
                    item = await import_item(session, context, lookups, index, checker, values)
            else:
                item = await import_item(session, context, lookups, index, checker, values)
        except Abort as abort:
            item = ImportedItem(index, ImportOutcome.FAILED, errors=abort.errors)
        items.append(item)
    return items


async def lock_iscms(
    session: AsyncSession, lookups: Lookups, normalised: list[dict[str, Any]]
) -> None:
    """Take turns with other imports of the same ISCMs for the rest of the transaction."""
    ids = set()
    for values in normalised:
        iscm = await lookups.iscm(values["iscm"]) if values["iscm"] else None
        if iscm is not None:
            ids.add(iscm.id)
    await queries.lock_imports(session, ids)


async def replayed_items(
    session: AsyncSession,
    context: Context,
    result: dict[str, Any],
    normalised: list[dict[str, Any]],
) -> list[ImportedItem]:
    """Rebuild an import's per-item results from its stored idempotent result, checked anew."""
    items = []
    for index, stored in enumerate(result.get("items", [])):
        outcome = ImportOutcome(
            stored.get("outcome") or (ImportOutcome.CREATED if stored["id"] else "FAILED")
        )
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
            outcome, row, errors = ImportOutcome.FAILED, None, abort.errors
        items.append(ImportedItem(index, outcome, row, errors, stored.get("note")))
    return items


def stored_result(items: list[ImportedItem]) -> dict[str, Any]:
    """An import's per-item results as JSON, for idempotent replays."""
    return {
        "items": [
            {
                "id": item.row.id if item.row else None,
                "outcome": item.outcome.value,
                "note": item.note,
                "errors": [e.to_json() for e in item.errors],
            }
            for item in items
        ]
    }


def too_many(count: int, limit: int) -> Imported:
    """The refusal of a call with more inputs than the server accepts."""
    return Imported(
        errors=[
            UserError(
                Problem.TOO_MANY_ITEMS,
                ("inputs",),
                f"{count} inputs; at most {limit} are accepted per call",
            )
        ]
    )


async def import_many(
    context: Context,
    inputs: list[dict[str, Any]],
    *,
    atomic: bool,
    check: bool = False,
    idempotency_key: str | None = None,
) -> Imported:
    """Import many contributions (see the module's rules): all or nothing, input by input,
    or as a check that writes nothing."""
    require_writer(context.principal)
    if len(inputs) > context.config.max_import_items:
        return too_many(len(inputs), context.config.max_import_items)
    try:
        async with write_transaction(context) as session:
            key = checked_key(idempotency_key)
            lookups = Lookups(session)
            checkers = [Checker(item_root(i)) for i in range(len(inputs))]
            normalised = [
                normalise_item(checker, fields)
                for checker, fields in zip(checkers, inputs, strict=True)
            ]
            for checker, values in zip(checkers, normalised, strict=True):
                await resolve_codes(lookups, checker, values)
            flag_repeats(checkers, normalised)
            replay = (
                None
                if check
                else await replay_or_claim(
                    session,
                    context.principal,
                    key,
                    "importReviewContributions",
                    {"atomic": atomic, "inputs": normalised},
                )
            )
            if replay is not None:
                items = await replayed_items(session, context, replay, normalised)
            else:
                await lock_iscms(session, lookups, normalised)
                items = await import_items(
                    session, context, lookups, checkers, normalised, savepoints=check or not atomic
                )
            failed = any(item.errors for item in items)
            if check or (atomic and failed):
                raise ImportFailed(items)
            if replay is None:
                await remember(session, context.principal, key, stored_result(items))
            return Imported(items=items)
    except Abort as abort:
        return Imported(errors=abort.errors, checked=check)
    except ImportFailed as rolled_back:
        problems = [e for item in rolled_back.items for e in item.errors]
        if check:
            checked = [item.as_checked() for item in rolled_back.items]
            return Imported(items=checked, errors=problems, checked=True)
        return Imported(
            items=[
                item if item.errors else ImportedItem(item.index, ImportOutcome.ROLLED_BACK)
                for item in rolled_back.items
            ],
            errors=problems,
        )
