"""Load the reference data in db/seed/ into the database, idempotently.

Rows are upserted by their natural keys; a row the files no longer hold is reported,
never deleted; an ISCM edited through the API (version > 1) keeps its values and its
memberships (roles, additions and ended ones), and the difference from the file is reported.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db import models

ISO3_PATTERN = re.compile(r"^[A-Z]{3}$")
ACRONYM_PATTERN = re.compile(r"\(([^()]+)\)\s*$")


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


async def upsert_rows(
    session: AsyncSession,
    report: SeedReport,
    model: type[models.Base],
    key: str,
    rows: list[dict[str, Any]],
    *,
    scope: ColumnElement[bool] | None = None,
) -> None:
    """Insert new rows, update changed ones, report rows (within `scope`) missing from `rows`."""
    table_report = report.table(model.__tablename__)
    key_column = getattr(model, key)
    columns = [getattr(model, name) for name in rows[0]] if rows else [key_column]
    query = select(*columns) if scope is None else select(*columns).where(scope)
    existing = {row[key]: dict(row) for row in (await session.execute(query)).mappings()}
    for row in rows:
        current = existing.pop(row[key], None)
        if current is None:
            await session.execute(insert(model).values(**row))
            table_report.inserted += 1
        elif current != row:
            await session.execute(update(model).where(key_column == row[key]).values(**row))
            table_report.updated += 1
        else:
            table_report.unchanged += 1
    table_report.not_in_files.extend(str(k) for k in sorted(existing))


def member_state_rows() -> list[dict[str, Any]]:
    """Return the member_states rows from the seed file."""
    return list(load_seed_file("member_states.json"))


def iscm_row(record: dict[str, Any]) -> dict[str, Any]:
    """Map one iscms.json record onto the iscms columns."""
    return {
        "slug": record["slug"],
        "acronym": record["acronym"],
        "name": record["name"],
        "kind": record["kind"].upper(),
        "regions": list(record["regions"]),
        "established": record["established"],
        "secretariat": record["secretariat"],
        "status": record["status"].upper(),
        "website": record["website"],
        "summary": record["summary"],
        "open_to": record.get("open_to"),
        "members_without_iso": list(record.get("members_without_iso", [])),
        "members_confidence": record["members_confidence"].upper(),
        "sources": list(record["sources"]),
    }


def split_observers(observers: list[str], known_states: set[str]) -> tuple[list[str], list[str]]:
    """Split an observer list into observer State codes and organisation names."""
    states = [o for o in observers if ISO3_PATTERN.match(o) and o in known_states]
    organizations = [o for o in observers if o not in states]
    return states, organizations


def organization_acronym(name: str) -> str | None:
    """Return the acronym written in brackets at the end of an organisation's name."""
    match = ACRONYM_PATTERN.search(name)
    return match.group(1).strip() if match else None


async def load_iscms(session: AsyncSession, report: SeedReport) -> None:
    """Upsert ISCMs, their State memberships and their observer organisations."""
    records = load_seed_file("iscms.json")
    table_report = report.table("iscms")
    existing = {row.slug: row for row in (await session.execute(select(models.Iscm))).scalars()}
    known_states = set((await session.execute(select(models.MemberState.iso3))).scalars())
    for record in records:
        values = iscm_row(record)
        current = existing.pop(values["slug"], None)
        if current is None:
            iscm_id = (
                await session.execute(
                    insert(models.Iscm).values(**values).returning(models.Iscm.id)
                )
            ).scalar_one()
            table_report.inserted += 1
        else:
            iscm_id = current.id
            differences = {
                name: value for name, value in values.items() if getattr(current, name) != value
            }
            if not differences:
                table_report.unchanged += 1
            elif current.version > 1:
                table_report.kept_api_changes.append(
                    f"{current.slug}: {', '.join(sorted(differences))} differ from the seed file"
                )
                table_report.unchanged += 1
            else:
                await session.execute(
                    update(models.Iscm).where(models.Iscm.id == iscm_id).values(**differences)
                )
                table_report.updated += 1
        edited = current is not None and current.version > 1
        observer_states, organizations = split_observers(record["observers"], known_states)
        roles = {iso3: "OBSERVER" for iso3 in observer_states}
        roles.update({iso3: "MEMBER" for iso3 in record["members"]})
        await load_memberships(session, report, iscm_id, values["slug"], roles, edited=edited)
        await load_observer_organizations(session, report, iscm_id, organizations)
    table_report.not_in_files.extend(sorted(existing))


async def load_memberships(
    session: AsyncSession,
    report: SeedReport,
    iscm_id: int,
    slug: str,
    roles: dict[str, str],
    *,
    edited: bool,
) -> None:
    """Bring one ISCM's State memberships in line with the seed file."""
    table_report = report.table("iscm_memberships")
    rows = await session.execute(
        select(models.IscmMembership.state_iso3, models.IscmMembership.role).where(
            models.IscmMembership.iscm_id == iscm_id
        )
    )
    current = {iso3: role for iso3, role in rows}
    for iso3, role in roles.items():
        if iso3 not in current and edited:
            # Ended (or never added) through the API: the API's record wins over the file.
            table_report.kept_api_changes.append(f"{slug}/{iso3}: not a participant, kept")
        elif iso3 not in current:
            await session.execute(
                insert(models.IscmMembership).values(iscm_id=iscm_id, state_iso3=iso3, role=role)
            )
            table_report.inserted += 1
        elif current[iso3] == role:
            table_report.unchanged += 1
        elif edited:
            table_report.kept_api_changes.append(f"{slug}/{iso3}: role {current[iso3]} kept")
            table_report.unchanged += 1
        else:
            await session.execute(
                update(models.IscmMembership)
                .where(
                    models.IscmMembership.iscm_id == iscm_id,
                    models.IscmMembership.state_iso3 == iso3,
                )
                .values(role=role)
            )
            table_report.updated += 1
    table_report.not_in_files.extend(f"{slug}/{iso3}" for iso3 in sorted(set(current) - set(roles)))


async def load_observer_organizations(
    session: AsyncSession, report: SeedReport, iscm_id: int, names: list[str]
) -> None:
    """Make sure each organisation exists and observes the ISCM."""
    table_report = report.table("organizations")
    for name in names:
        organization_id = (
            await session.execute(
                select(models.Organization.id).where(models.Organization.name == name)
            )
        ).scalar_one_or_none()
        if organization_id is None:
            organization_id = (
                await session.execute(
                    insert(models.Organization)
                    .values(name=name, acronym=organization_acronym(name))
                    .returning(models.Organization.id)
                )
            ).scalar_one()
            table_report.inserted += 1
        link = models.iscm_observer_organizations
        await session.execute(
            insert(link)
            .values(iscm_id=iscm_id, organization_id=organization_id)
            .on_conflict_do_nothing()
        )


def grcp_event_row(meeting: dict[str, Any]) -> dict[str, Any]:
    """Map one grcp_meetings.json record onto the events columns."""
    starts_on = ends_on = None
    if meeting["dates"]:
        first, _, last = meeting["dates"].partition("/")
        starts_on = date.fromisoformat(first)
        ends_on = date.fromisoformat(last or first)
    place = ", ".join(p for p in (meeting["city"], str(meeting["year"])) if p)
    return {
        "slug": f"grcp-{meeting['number']}",
        "iscm_id": None,
        "title": f"Global Meeting of Chairs and Secretariats of ISCMs (GRCP {meeting['number']}), {place}",
        "kind": "GRCP_MEETING",
        "sequence": meeting["number"],
        "year": meeting["year"],
        "starts_on": starts_on,
        "ends_on": ends_on,
        "city": meeting["city"],
        "country_iso3": meeting["country_code"],
        "host": meeting["host"],
        "theme": meeting["theme"],
        "notes": meeting["notes"],
        "url": meeting["sources"][0] if meeting["sources"] else None,
        "sources": list(meeting["sources"]),
    }


def sdg_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the sdg_targets rows (parents first) and the sdg_series rows."""
    targets, series = [], []
    for record in load_seed_file("sdg_migration_targets.json"):
        targets.append(
            {
                "code": record["code"],
                "kind": record["kind"].upper(),
                "goal": record["goal"],
                "parent_code": record["parent"],
                "text": record["text"],
                "sources": list(record["sources"]),
            }
        )
        series.extend(
            {"code": s["code"], "indicator_code": record["code"], "description": s["description"]}
            for s in record["series"] or []
        )
    targets.sort(key=lambda row: row["parent_code"] is not None)
    return targets, series


def with_positions(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Number vocabulary rows in file order."""
    return [{**row, "position": index} for index, row in enumerate(rows, start=1)]


async def load_sdg_series(
    session: AsyncSession, report: SeedReport, rows: list[dict[str, Any]]
) -> None:
    """Upsert SDG series, keyed by (series, indicator)."""
    table_report = report.table("sdg_series")
    existing = {
        (row.code, row.indicator_code): row.description
        for row in (await session.execute(select(models.SdgSeries))).scalars()
    }
    for row in rows:
        key = (row["code"], row["indicator_code"])
        if key not in existing:
            await session.execute(insert(models.SdgSeries).values(**row))
            table_report.inserted += 1
        elif existing.pop(key) != row["description"]:
            await session.execute(
                update(models.SdgSeries)
                .where(
                    models.SdgSeries.code == row["code"],
                    models.SdgSeries.indicator_code == row["indicator_code"],
                )
                .values(description=row["description"])
            )
            table_report.updated += 1
        else:
            table_report.unchanged += 1
    table_report.not_in_files.extend(
        f"{code} ({indicator})" for code, indicator in sorted(existing)
    )


async def load_reference_data(session: AsyncSession) -> SeedReport:
    """Load every reference dataset; the caller commits."""
    report = SeedReport()
    vocabularies = load_seed_file("reference.json")
    await upsert_rows(session, report, models.MemberState, "iso3", member_state_rows())
    await upsert_rows(
        session, report, models.GcmObjective, "number", load_seed_file("gcm_objectives.json")
    )
    await upsert_rows(
        session,
        report,
        models.GcmGuidingPrinciple,
        "number",
        load_seed_file("gcm_guiding_principles.json"),
    )
    targets, series = sdg_rows()
    await upsert_rows(session, report, models.SdgTarget, "code", targets)
    await load_sdg_series(session, report, series)
    for model, name in (
        (models.GovernanceLevel, "governance_levels"),
        (models.GovernancePhase, "governance_phases"),
        (models.OutcomeType, "outcome_types"),
    ):
        await upsert_rows(session, report, model, "code", with_positions(vocabularies[name]))
    await upsert_rows(session, report, models.ThematicArea, "slug", vocabularies["thematic_areas"])
    review_processes = [
        {
            **row,
            "opens_on": date.fromisoformat(row["opens_on"]),
            "closes_on": date.fromisoformat(row["closes_on"]),
        }
        for row in vocabularies["review_processes"]
    ]
    await upsert_rows(session, report, models.ReviewProcess, "slug", review_processes)
    await load_iscms(session, report)
    events = [grcp_event_row(m) for m in load_seed_file("grcp_meetings.json")]
    # Only GRCP meetings come from the files; other calendar events are never reported.
    await upsert_rows(
        session, report, models.Event, "slug", events, scope=models.Event.kind == "GRCP_MEETING"
    )
    return report


async def is_seeded(session: AsyncSession) -> bool:
    """Whether the catalogue holds any ISCM yet."""
    return (await session.execute(select(models.Iscm.id).limit(1))).first() is not None
