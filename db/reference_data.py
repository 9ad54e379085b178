"""Load the reference data in db/seed/ into the database, idempotently.

The loading rules are in db/seed_loading.py. An ISCM edited through the API (version > 1)
keeps its values and its memberships (roles, additions and ended ones); the difference from
the files is reported. The ISCMs' documents, outcomes and meetings load in db/outcome_data.py;
corrections and disputed facts (db/seed/iscm_amendments.json) in db/iscm_amendments.py.
"""

import re
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.iscm_amendments import Amendments, MembershipValues, load_disputed_facts
from db.outcome_data import load_outcomes
from db.seed_loading import (
    SeedDataError,
    SeedReport,
    StoredRow,
    load_seed_file,
    touch,
    upsert_rows,
)

ISO3_PATTERN = re.compile(r"^[A-Z]{3}$")
ACRONYM_PATTERN = re.compile(r"\(([^()]+)\)\s*$")


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
        "observers_confidence": "PARTIAL",  # unless an amendment cites a complete list
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


def membership_plan(
    record: dict[str, Any], amendments: Amendments, statuses: dict[str, str]
) -> tuple[dict[str, MembershipValues], list[str]]:
    """Return an ISCM's State memberships as the files hold them, and its observer organisations.

    Refuses (SeedDataError) a territory's membership that cites no source.
    """
    slug = record["slug"]
    observer_states, organizations = split_observers(record["observers"], set(statuses))
    roles = {iso3: "OBSERVER" for iso3 in observer_states}
    roles.update({iso3: "MEMBER" for iso3 in record["members"]})
    plan = amendments.memberships_of(slug, roles)
    unsourced = [
        iso3
        for iso3, values in plan.items()
        if statuses.get(iso3) == models.TERRITORY and not values.source
    ]
    if unsourced:
        raise SeedDataError(
            f"{slug}: {', '.join(unsourced)} are territories, not States, and a territory's"
            " membership is refused unless its source is cited (db/seed/iscm_amendments.json)"
        )
    return plan, organizations


async def load_iscms(session: AsyncSession, report: SeedReport, amendments: Amendments) -> None:
    """Upsert ISCMs (amended), their State memberships and their observer organisations."""
    records = load_seed_file("iscms.json")
    statuses = dict(
        (await session.execute(select(models.MemberState.iso3, models.MemberState.un_status))).all()
    )
    plans = {record["slug"]: membership_plan(record, amendments, statuses) for record in records}
    rows = [amendments.iscm_values(iscm_row(record)) for record in records]
    stored = await upsert_rows(session, report, models.Iscm, "slug", rows)
    amendments.check_iscms(set(stored))
    for slug, (memberships, organizations) in plans.items():
        iscm = stored[slug]
        await load_memberships(session, report, iscm, slug, memberships)
        await load_observer_organizations(
            session, report, (slug, iscm), amendments.organizations_of(slug, organizations)
        )


async def load_memberships(
    session: AsyncSession,
    report: SeedReport,
    iscm: StoredRow,
    slug: str,
    plan: dict[str, MembershipValues],
) -> None:
    """Bring one ISCM's State memberships in line with the files, unless an editor changed it."""
    table_report = report.table("iscm_memberships")
    changed_before = table_report.inserted + table_report.updated
    membership = models.IscmMembership
    rows = await session.execute(
        select(membership.state_iso3, *MembershipValues.columns()).where(
            membership.iscm_id == iscm.id
        )
    )
    current = {row[0]: MembershipValues(*row[1:]) for row in rows}
    for iso3, wanted in plan.items():
        have = current.get(iso3)
        if have is None and iscm.edited:
            # Ended (or never added) through the API: the API's record wins over the file.
            table_report.kept_api_changes.append(f"{slug}/{iso3}: not a participant, kept")
        elif have is None:
            await session.execute(
                insert(membership).values(iscm_id=iscm.id, state_iso3=iso3, **wanted.values())
            )
            table_report.inserted += 1
        elif have == wanted:
            table_report.unchanged += 1
        elif iscm.edited:
            differing = ", ".join(have.differences(wanted))
            table_report.kept_api_changes.append(f"{slug}/{iso3}: {differing} kept")
            table_report.unchanged += 1
        else:
            await session.execute(
                update(membership)
                .where(membership.iscm_id == iscm.id, membership.state_iso3 == iso3)
                .values(**wanted.values())
            )
            table_report.updated += 1
    table_report.not_in_files.extend(f"{slug}/{iso3}" for iso3 in sorted(set(current) - set(plan)))
    if table_report.inserted + table_report.updated > changed_before:
        await touch(session, membership.__table__.c.iscm_id, iscm.id)


async def load_observer_organizations(
    session: AsyncSession,
    report: SeedReport,
    iscm: tuple[str, StoredRow],
    sources: dict[str, str | None],
) -> None:
    """Make sure each organisation exists and observes the ISCM, citing its source if any,
    unless an editor changed the ISCM (its observers included): then the API's record wins."""
    table_report = report.table("organizations")
    link = models.iscm_observer_organizations
    slug, stored = iscm
    iscm_id = stored.id
    if stored.edited:
        current = await session.execute(
            select(models.Organization.name, link.c.source)
            .join(link, link.c.organization_id == models.Organization.id)
            .where(link.c.iscm_id == iscm_id)
        )
        seats = {name: source for name, source in current.all()}
        seats_report = report.table(link.name)
        for name, source in sources.items():
            if name not in seats:
                seats_report.kept_api_changes.append(f"{slug}/{name}: not an observer, kept")
            elif source and seats[name] != source:
                seats_report.kept_api_changes.append(f"{slug}/{name}: source kept")
        return
    for name, source in sources.items():
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
        statement = insert(link).values(
            iscm_id=iscm_id, organization_id=organization_id, source=source
        )
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=[link.c.iscm_id, link.c.organization_id],
                set_={"source": statement.excluded.source},
                where=link.c.source.is_distinct_from(statement.excluded.source),
            )
            if source
            else statement.on_conflict_do_nothing()
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
        "title_is_descriptive": True,
        "kind": "GRCP_MEETING",
        "detailed_kind": None,
        "sequence": meeting["number"],
        "year": meeting["year"],
        "starts_on": starts_on,
        "ends_on": ends_on,
        "city": meeting["city"],
        "country_iso3": meeting["country_code"],
        "host": meeting["host"],
        "theme": meeting["theme"],
        "notes": meeting["notes"],
        "conflicts": None,
        "url": meeting["sources"][0] if meeting["sources"] else None,
        "sources": list(meeting["sources"]),
    }


def sdg_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the sdg_targets rows (parents first) and the sdg_series rows."""
    targets: list[dict[str, Any]] = []
    series: list[dict[str, Any]] = []
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


def migof_rows() -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """Return MiGOF's row, its principles' rows and its objectives' rows.

    The file cites its sources once: the statements' (IOM, GFMD) and the short titles'
    (the brochure) together, so each principle and objective carries them all.
    """
    framework = load_seed_file("migof.json")
    sources = list(framework["sources"])
    row = {
        "acronym": framework["acronym"],
        "name": framework["name"],
        "organization": framework["organization"],
        "endorsed": framework["endorsed"],
        "sources": sources,
    }

    def statements(kind: str) -> list[dict[str, Any]]:
        return [
            {
                "number": item["number"],
                "statement": item["statement"],
                "short_title": item["short_title"],
                "sources": sources,
            }
            for item in framework[kind]
        ]

    return row, statements("principles"), statements("objectives")


async def load_reference_data(session: AsyncSession) -> SeedReport:
    """Load every reference dataset; the caller commits. Raises SeedDataError, writing nothing."""
    report = SeedReport()
    vocabularies = load_seed_file("reference.json")
    amendments = Amendments.from_file()
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
    framework, principles, objectives = migof_rows()
    await upsert_rows(session, report, models.Migof, "acronym", [framework])
    await upsert_rows(session, report, models.MigofPrinciple, "number", principles)
    await upsert_rows(session, report, models.MigofObjective, "number", objectives)
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
    await load_iscms(session, report, amendments)
    await load_disputed_facts(session, report, amendments)
    grcp_events = [grcp_event_row(m) for m in load_seed_file("grcp_meetings.json")]
    await load_outcomes(session, report, grcp_events)
    return report


async def is_seeded(session: AsyncSession) -> bool:
    """Whether the catalogue holds any ISCM yet."""
    return (await session.execute(select(models.Iscm.id).limit(1))).first() is not None
