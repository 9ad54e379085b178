"""How seed files become rows: read a file, upsert rows by natural key, link rows, report.

The rules every loader follows: rows are upserted by their natural keys; a row the files
no longer hold is reported, never deleted; a record edited through the API (its `version`
above 1) keeps its values and its links, and the difference from the files is reported.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.queries.audit import created_through_api


class SeedDataError(ValueError):
    """The seed files contradict themselves or a rule of the data; nothing was loaded."""


@cache
def load_seed_file(name: str) -> Any:
    """Return the parsed JSON of db/seed/`name`."""
    return json.loads(files("db").joinpath("seed", name).read_text(encoding="utf-8"))


@dataclass
class TableReport:
    """What a load did to one table."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    not_in_files: list[str] = field(default_factory=list)
    kept_api_changes: list[str] = field(default_factory=list)


@dataclass
class SeedReport:
    """What a load did, table by table."""

    tables: dict[str, TableReport] = field(default_factory=dict)

    def table(self, name: str) -> TableReport:
        """Return (creating) the report for table `name`."""
        return self.tables.setdefault(name, TableReport())

    @property
    def changed(self) -> bool:
        """Whether the load wrote anything."""
        return any(t.inserted or t.updated for t in self.tables.values())

    def lines(self) -> list[str]:
        """Describe the load in one line per table, plus one per notice."""
        out = []
        for name, t in self.tables.items():
            out.append(
                f"{name}: {t.inserted} inserted, {t.updated} updated, {t.unchanged} unchanged"
            )
            out.extend(f"  not in the seed files (kept): {key}" for key in t.not_in_files)
            out.extend(f"  changed through the API (kept): {note}" for note in t.kept_api_changes)
        return out


@dataclass(frozen=True)
class StoredRow:
    """A row a load wrote or found: its primary key, and whether an editor changed it."""

    id: Any
    edited: bool


async def upsert_rows(
    session: AsyncSession,
    report: SeedReport,
    model: type[models.Base],
    key: str,
    rows: list[dict[str, Any]],
    *,
    scope: ColumnElement[bool] | None = None,
    audit_entity: str | None = None,
) -> dict[Any, StoredRow]:
    """Insert new rows, update changed ones, report rows (within `scope`) missing from `rows`.

    A model with a `version` column is edited through the API above version 1: such a row
    keeps its values, and which of them differ from the files is reported. So does a row an
    editor created (its `audit_entity`'s CREATED event), whose key a later file happens to use.
    """
    table_report = report.table(model.__tablename__)
    (primary,) = model.__table__.primary_key
    key_column = getattr(model, key)
    versioned = "version" in model.__table__.c
    names = list(rows[0]) if rows else [key]
    wanted = {primary, *(getattr(model, name) for name in names)}
    if versioned:
        wanted.add(model.__table__.c.version)
    query = select(*wanted) if scope is None else select(*wanted).where(scope)
    existing = {row[key]: row for row in (await session.execute(query)).mappings()}
    created = await created_through_api(session, audit_entity) if audit_entity else set()
    stored: dict[Any, StoredRow] = {}
    for row in rows:
        current = existing.pop(row[key], None)
        if current is None:
            new_id = (
                await session.execute(insert(model).values(**row).returning(primary))
            ).scalar_one()
            table_report.inserted += 1
            stored[row[key]] = StoredRow(new_id, edited=False)
            continue
        edited = (versioned and current["version"] > 1) or current[primary.name] in created
        stored[row[key]] = StoredRow(current[primary.name], edited=edited)
        differences = {name: value for name, value in row.items() if current[name] != value}
        if not differences:
            table_report.unchanged += 1
        elif edited:
            table_report.kept_api_changes.append(
                f"{row[key]}: {', '.join(sorted(differences))} differ from the seed file"
            )
            table_report.unchanged += 1
        else:
            await session.execute(update(model).where(key_column == row[key]).values(**differences))
            table_report.updated += 1
    table_report.not_in_files.extend(str(k) for k in sorted(existing))
    return stored


async def sync_links(
    session: AsyncSession,
    report: SeedReport,
    table: Table,
    owner: tuple[str, StoredRow, str],
    other_column: str,
    others: Iterable[Any],
) -> None:
    """Link one owner row to `others`, as the files say, unless an editor changed the owner.

    `owner` is (owner column, the owner's stored row, its natural key for the report).
    Links the files do not hold are reported, never removed.
    """
    owner_column, row, owner_key = owner
    table_report = report.table(table.name)
    current = set(
        (
            await session.execute(
                select(table.c[other_column]).where(table.c[owner_column] == row.id)
            )
        ).scalars()
    )
    wanted = list(dict.fromkeys(others))
    missing = [other for other in wanted if other not in current]
    table_report.unchanged += len(wanted) - len(missing)
    if missing and row.edited:
        table_report.kept_api_changes.extend(f"{owner_key}/{m}: not linked, kept" for m in missing)
    elif missing:
        await session.execute(
            insert(table), [{owner_column: row.id, other_column: other} for other in missing]
        )
        table_report.inserted += len(missing)
        await touch(session, table.c[owner_column], row.id)
    table_report.not_in_files.extend(
        f"{owner_key}/{other}" for other in sorted(current - set(wanted), key=str)
    )


async def touch(session: AsyncSession, link: ColumnElement[Any], owner_id: Any) -> None:
    """Mark the row a link column refers to as changed now, if it keeps `updated_at`: its
    links are part of it for an export of what changed (`updatedSince`)."""
    (foreign_key,) = link.foreign_keys
    owner = foreign_key.column.table
    if "updated_at" in owner.c:
        await session.execute(
            update(owner).where(foreign_key.column == owner_id).values(updated_at=func.now())
        )


async def replace_children(
    session: AsyncSession,
    report: SeedReport,
    model: type[models.Base],
    parent: tuple[str, Any],
    rows: list[dict[str, Any]],
) -> None:
    """Make a parent's child rows (held whole by the files) exactly `rows`, in order."""
    parent_column, parent_id = parent
    table_report = report.table(model.__tablename__)
    column = getattr(model, parent_column)
    names = list(rows[0]) if rows else []
    current = [
        dict(row)
        for row in (
            await session.execute(
                select(*(getattr(model, name) for name in names))
                .where(column == parent_id)
                .order_by(model.__table__.c.position)
            )
        ).mappings()
    ]
    if current == rows:
        table_report.unchanged += len(rows)
        return
    if current:
        await session.execute(delete(model).where(column == parent_id))
        table_report.updated += 1
    else:
        table_report.inserted += len(rows)
    await session.execute(insert(model), [{parent_column: parent_id, **row} for row in rows])


async def iscm_ids(session: AsyncSession) -> dict[str, int]:
    """Return every ISCM's id by slug."""
    return dict((await session.execute(select(models.Iscm.slug, models.Iscm.id))).all())
