"""Fill a dedicated benchmark database with synthetic data at a chosen scale, in SQL.

Scale 1 is about 300 ISCMs (the 34 real ones plus synthetic ones), every State, 20,000
recommendations, 50,000 review contributions, 2,000 documents and 200,000 indicator
observations. Every
synthetic row says so: `synthetic = true` where the table has the column; synthetic ISCMs
(the `iscms` table has no such column) carry a `synthetic-` slug, a name starting with
"[Synthetic example]" and `sources = {synthetic}`; their memberships have `source = 'synthetic'`.

Rows are made by `INSERT … SELECT … FROM generate_series` with hash-derived choices, so the
same scale always gives the same data, and ten times the data costs seconds, not minutes.
"""

# ruff: noqa: S608 - the SQL is assembled from this module's constants, never from input

import json
import logging
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from db.demo_data import ACTIONS, SUBJECTS, SYNTHETIC_PREFIX
from db.models import DOCUMENT_KINDS
from db.reference_data import load_reference_data
from db.session import create_engine, create_session_factory
from migrations import head_revisions, upgrade_async

log = logging.getLogger("bench.generate")

GENERATOR_VERSION = 3
DATABASE_PREFIX = "iscm_bench_"
SCALE_ONE = {
    "iscms": 300,
    "recommendations": 20_000,
    "review_contributions": 50_000,
    "documents": 2_000,
    "indicator_observations": 200_000,
}
OBSERVATIONS_TABLE = "indicator_observations"
POSTGRAPHILE_FUNCTIONS = Path(__file__).resolve().parent / "postgraphile" / "functions.sql"


@dataclass(frozen=True)
class Counts:
    """How many rows of each kind a scale asks for (ISCMs counted with the real ones)."""

    iscms: int
    recommendations: int
    review_contributions: int
    documents: int
    indicator_observations: int

    @classmethod
    def at_scale(cls, scale: float) -> "Counts":
        """Return the row counts of `scale` (1 = the issue's reference size)."""
        if not math.isfinite(scale) or scale <= 0:
            raise ValueError(f"scale must be a positive number, not {scale!r}")
        return cls(**{name: max(1, round(count * scale)) for name, count in SCALE_ONE.items()})


@dataclass
class GenerationReport:
    """What the generator did to the benchmark database."""

    database: str
    scale: float
    reused: bool
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def database_name(scale: float) -> str:
    """Name the benchmark database of `scale`, e.g. iscm_bench_0_1 for 0.1."""
    return DATABASE_PREFIX + f"{scale:g}".replace(".", "_").replace("-", "_")


def database_url(server_url: str, scale: float) -> str:
    """Return the URL of the benchmark database of `scale` on the server of `server_url`."""
    return (
        make_url(server_url)
        .set(drivername="postgresql+asyncpg", database=database_name(scale))
        .render_as_string(hide_password=False)
    )


def h(expression: str, salt: int, modulo: int | str) -> str:
    """SQL for a stable pseudo-random integer in [0, modulo) derived from `expression`."""
    return f"mod(hashint8(({expression})::bigint * 7919 + {salt})::bigint + 2147483648, {modulo})"


def marker(scale: float) -> str:
    """The database comment that says which data the database holds."""
    return "iscm-graph bench " + json.dumps(
        {"scale": scale, "generator": GENERATOR_VERSION, "heads": sorted(head_revisions())},
        sort_keys=True,
    )


async def prepare_database(
    server_url: str, scale: float, *, regenerate: bool = False
) -> GenerationReport:
    """Create, migrate, seed and fill the benchmark database of `scale`, or reuse a filled one."""
    started = time.perf_counter()
    name = database_name(scale)
    url = database_url(server_url, scale)
    admin = create_engine(server_url, pool_size=1, max_overflow=0)
    try:
        async with admin.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            comment = (
                await connection.execute(
                    text(
                        "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                        " WHERE datname = :name"
                    ),
                    {"name": name},
                )
            ).first()
            if comment is not None and comment[0] == marker(scale) and not regenerate:
                await add_postgraphile_functions(url)
                rows = await count_rows(url)
                return GenerationReport(
                    name, scale, True, time.perf_counter() - started, rows, rows_notes(rows)
                )
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        await upgrade_async(url)
        engine = create_engine(url, pool_size=1, max_overflow=0)
        try:
            async with create_session_factory(engine)() as session, session.begin():
                await load_reference_data(session)
            async with engine.begin() as connection:
                notes = await insert_synthetic_rows(connection, Counts.at_scale(scale))
            async with engine.connect() as connection:
                await connection.execution_options(isolation_level="AUTOCOMMIT")
                await connection.execute(text("VACUUM ANALYZE"))
        finally:
            await engine.dispose()
        async with admin.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            literal = marker(scale).replace("'", "''")
            await connection.execute(text(f"COMMENT ON DATABASE \"{name}\" IS '{literal}'"))
    finally:
        await admin.dispose()
    await add_postgraphile_functions(url)
    rows = await count_rows(url)
    return GenerationReport(name, scale, False, time.perf_counter() - started, rows, notes)


async def add_postgraphile_functions(url: str) -> None:
    """Create (or replace) the SQL functions PostGraphile's forms use (bench/postgraphile/
    functions.sql) in the benchmark database, whose own they are."""
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        async with engine.begin() as connection:
            await install_postgraphile_functions(connection)
    finally:
        await engine.dispose()


async def install_postgraphile_functions(connection: AsyncConnection) -> None:
    """Run bench/postgraphile/functions.sql in the open transaction, one statement at a time."""
    for statement in POSTGRAPHILE_FUNCTIONS.read_text(encoding="utf-8").split(";\n"):
        if statement.strip():
            await connection.exec_driver_sql(statement)


def rows_notes(rows: dict[str, int]) -> list[str]:
    """Say what a reused database holds."""
    if OBSERVATIONS_TABLE not in rows:
        return [f"table {OBSERVATIONS_TABLE} does not exist yet: no indicator observations"]
    return []


async def count_rows(url: str) -> dict[str, int]:
    """Count the rows of the tables the benchmark reads."""
    engine = create_engine(url, pool_size=1, max_overflow=0)
    tables = ["iscms", "member_states", "iscm_memberships", "recommendations"]
    tables += ["review_contributions", "recommendation_gcm_objectives"]
    tables += ["review_contribution_gcm_objectives", "documents"]
    try:
        async with engine.connect() as connection:
            if await table_exists(connection, OBSERVATIONS_TABLE):
                tables.append(OBSERVATIONS_TABLE)
            return {
                table: (
                    await connection.execute(text(f"SELECT count(*) FROM {table}"))
                ).scalar_one()
                for table in tables
            }
    finally:
        await engine.dispose()


async def table_exists(connection: AsyncConnection, table: str) -> bool:
    """Whether `table` exists in the public schema."""
    found = await connection.execute(text("SELECT to_regclass(:name)"), {"name": f"public.{table}"})
    return found.scalar_one() is not None


async def insert_synthetic_rows(connection: AsyncConnection, counts: Counts) -> list[str]:
    """Add the synthetic rows of `counts` on top of the reference data, in the open transaction."""
    notes = []
    await insert_iscms(connection, counts.iscms)
    await insert_recommendations(connection, counts.recommendations)
    await insert_contributions(connection, counts.review_contributions)
    await insert_documents(connection, counts.documents)
    if await table_exists(connection, OBSERVATIONS_TABLE):
        notes.extend(await insert_observations(connection, counts.indicator_observations))
    else:
        notes.append(f"table {OBSERVATIONS_TABLE} does not exist yet: no indicator observations")
    return notes


async def insert_iscms(connection: AsyncConnection, total: int) -> None:
    """Add synthetic ISCMs up to `total`, with members, observers and thematic areas."""
    existing = (await connection.execute(text("SELECT count(*) FROM iscms"))).scalar_one()
    first = (
        await connection.execute(
            text("SELECT count(*) FROM iscms WHERE slug LIKE 'synthetic-iscm-%'")
        )
    ).scalar_one() + 1
    missing = total - existing
    if missing <= 0:
        return
    await connection.execute(
        text(f"""
        INSERT INTO iscms (slug, acronym, name, kind, regions, established, secretariat, status,
                           summary, members_confidence, sources)
        SELECT 'synthetic-iscm-' || g,
               'SYN' || g,
               '{SYNTHETIC_PREFIX} Consultation Mechanism ' || g,
               (ARRAY['RCP', 'RCP', 'IRF'])[1 + {h("g", 1, 3)}],
               ARRAY[(ARRAY['Africa', 'Americas', 'Asia', 'Europe', 'Oceania'])[1 + {h("g", 2, 5)}]],
               1985 + {h("g", 3, 38)},
               'Synthetic secretariat ' || g,
               (ARRAY['ACTIVE', 'ACTIVE', 'ACTIVE', 'INACTIVE', 'UNKNOWN'])[1 + {h("g", 4, 5)}],
               'Synthetic mechanism generated for the iscm-graph benchmark; not a real ISCM.',
               (ARRAY['CONFIRMED', 'PARTIAL'])[1 + {h("g", 5, 2)}],
               ARRAY['synthetic']
        FROM generate_series(CAST(:first AS integer), CAST(:last AS integer)) AS g
        """),
        {"first": first, "last": first + missing - 1},
    )
    # 5 to 40 States each, one in ten an observer; picked by a stable hash of (ISCM, State).
    await connection.execute(
        text(f"""
        INSERT INTO iscm_memberships (iscm_id, state_iso3, role, since, source)
        SELECT i.id, s.iso3,
               CASE WHEN {h("i.id * 1000 + s.m49", 6, 10)} = 0 THEN 'OBSERVER' ELSE 'MEMBER' END,
               1990 + {h("i.id * 1000 + s.m49", 7, 30)},
               'synthetic'
        FROM iscms AS i
        CROSS JOIN LATERAL (
            SELECT iso3, m49 FROM member_states
            ORDER BY {h("i.id * 1000 + m49", 8, 1000003)}, iso3
            LIMIT 5 + {h("i.id", 9, 36)}
        ) AS s
        WHERE i.slug LIKE 'synthetic-iscm-%'
        ON CONFLICT DO NOTHING
        """)
    )
    await connection.execute(
        text(f"""
        INSERT INTO iscm_thematic_areas (iscm_id, thematic_area_slug)
        SELECT DISTINCT i.id, t.slugs[1 + {h("i.id * 10 + j", 10, "cardinality(t.slugs)")}]
        FROM iscms AS i
        CROSS JOIN (SELECT array_agg(slug ORDER BY slug) AS slugs FROM thematic_areas) AS t
        CROSS JOIN LATERAL generate_series(1, 1 + {h("i.id", 11, 4)}) AS j
        WHERE i.slug LIKE 'synthetic-iscm-%'
        ON CONFLICT DO NOTHING
        """)
    )


VOCABULARIES = """
    (SELECT array_agg(id ORDER BY id) FROM iscms) AS iscms,
    (SELECT array_agg(code ORDER BY position) FROM governance_levels) AS levels,
    (SELECT array_agg(code ORDER BY position) FROM governance_phases) AS phases,
    (SELECT array_agg(code ORDER BY position) FROM outcome_types) AS outcomes,
    (SELECT array_agg(slug ORDER BY slug) FROM thematic_areas) AS themes,
    (SELECT array_agg(code ORDER BY code) FROM sdg_targets WHERE kind = 'TARGET') AS targets
"""


def pick(array: str, expression: str, salt: int) -> str:
    """SQL for a stable pseudo-random element of the array column `array`."""
    return f"({array})[1 + {h(expression, salt, f'cardinality({array})')}]"


async def insert_recommendations(connection: AsyncConnection, count: int) -> None:
    """Add `count` synthetic recommendations with themes, GCM objectives and some SDG targets."""
    start = await connection.execute(text("SELECT coalesce(max(id), 0) FROM recommendations"))
    after = start.scalar_one()
    await connection.execute(
        text(f"""
        INSERT INTO recommendations (iscm_id, title, text, adopted_on, level, phase, outcome_type,
                                     source_url, synthetic)
        SELECT {pick("v.iscms", "g", 20)},
               '{SYNTHETIC_PREFIX} ' || {pick("CAST(:actions AS text[])", "g", 21)} || ' '
                   || {pick("CAST(:subjects AS text[])", "g", 22)} || ' (' || g || ')',
               'Synthetic recommendation ' || g || ', generated for the iscm-graph benchmark. '
                   || 'Participating States agree to '
                   || {pick("CAST(:subjects AS text[])", "g", 23)} || '.',
               DATE '2008-01-01' + {h("g", 24, 6200)}::integer,
               {pick("v.levels", "g", 25)},
               {pick("v.phases", "g", 26)},
               {pick("v.outcomes", "g", 27)},
               CASE WHEN {h("g", 28, 3)} = 0 THEN 'https://example.org/synthetic/' || g END,
               true
        FROM generate_series(1, CAST(:count AS integer)) AS g, (SELECT {VOCABULARIES}) AS v
        ORDER BY g
        """),
        {"count": count, "actions": list(ACTIONS), "subjects": list(SUBJECTS.values())},
    )
    await link_rows(
        connection,
        f"""
        INSERT INTO recommendation_gcm_objectives (recommendation_id, objective_number)
        SELECT DISTINCT r.id, 1 + {h("r.id * 10 + j", 30, 23)}
        FROM recommendations AS r CROSS JOIN LATERAL generate_series(1, 1 + {h("r.id", 31, 3)}) AS j
        WHERE r.synthetic AND r.id > :after
        """,
        after,
    )
    await link_rows(
        connection,
        f"""
        INSERT INTO recommendation_thematic_areas (recommendation_id, thematic_area_slug)
        SELECT DISTINCT r.id, {pick("v.themes", "r.id * 10 + j", 32)}
        FROM recommendations AS r CROSS JOIN LATERAL generate_series(1, 1 + {h("r.id", 33, 2)}) AS j,
             (SELECT {VOCABULARIES}) AS v
        WHERE r.synthetic AND r.id > :after
        """,
        after,
    )
    await link_rows(
        connection,
        f"""
        INSERT INTO recommendation_sdg_targets (recommendation_id, sdg_code)
        SELECT r.id, {pick("v.targets", "r.id", 34)}
        FROM recommendations AS r, (SELECT {VOCABULARIES}) AS v
        WHERE r.synthetic AND r.id > :after AND {h("r.id", 35, 4)} = 0
          AND cardinality(v.targets) > 0
        """,
        after,
    )


async def link_rows(connection: AsyncConnection, statement: str, after: int) -> None:
    """Run one link-table INSERT for the rows made after id `after`."""
    await connection.execute(text(statement + " ON CONFLICT DO NOTHING"), {"after": after})


async def insert_contributions(connection: AsyncConnection, count: int) -> None:
    """Add `count` synthetic review contributions (most PUBLISHED) with their GCM objectives."""
    after = (
        await connection.execute(text("SELECT coalesce(max(id), 0) FROM review_contributions"))
    ).scalar_one()
    # Whole seconds in UTC, so every server prints the same timestamps.
    await connection.execute(
        text(f"""
        WITH v AS (
            SELECT {VOCABULARIES},
                   (SELECT array_agg(id ORDER BY id) FROM review_processes) AS processes
        ), base AS (
            SELECT g,
                   {pick("v.iscms", "g", 40)} AS iscm_id,
                   (ARRAY['PUBLISHED', 'PUBLISHED', 'PUBLISHED', 'PUBLISHED', 'PUBLISHED',
                          'PUBLISHED', 'SUBMITTED', 'SUBMITTED', 'DRAFT', 'WITHDRAWN']
                   )[1 + {h("g", 47, 10)}] AS status,
                   {pick("v.processes", "g", 48)} AS process_id,
                   TIMESTAMPTZ '2020-01-01 00:00:00+00'
                       + make_interval(secs => {h("g", 49, 190000000)}) AS submitted
            FROM generate_series(1, CAST(:count AS integer)) AS g, v
        )
        INSERT INTO review_contributions (iscm_id, review_process_id, title, summary, practices,
            challenges, level, phase, outcome_type, status, submitted_by, submitted_at,
            published_at, synthetic)
        SELECT b.iscm_id, b.process_id,
               '{SYNTHETIC_PREFIX} Contribution ' || b.g || ' to ' || p.name,
               'Synthetic contribution ' || b.g || ' covering '
                   || {pick("CAST(:subjects AS text[])", "b.g", 41)} || '.',
               CASE WHEN {h("b.g", 42, 4)} > 0
                    THEN 'Synthetic practice: regular exchange among focal points.' END,
               CASE WHEN {h("b.g", 43, 3)} > 0
                    THEN 'Synthetic challenge: uneven data across participating States.' END,
               {pick("v.levels", "b.g", 44)},
               {pick("v.phases", "b.g", 45)},
               {pick("v.outcomes", "b.g", 46)},
               b.status,
               'iscm-graph benchmark generator',
               CASE WHEN b.status IN ('SUBMITTED', 'PUBLISHED') THEN b.submitted END,
               CASE WHEN b.status = 'PUBLISHED' THEN b.submitted + INTERVAL '14 days' END,
               true
        FROM base AS b JOIN review_processes AS p ON p.id = b.process_id, v
        ORDER BY b.g
        """),
        {"count": count, "subjects": list(SUBJECTS.values())},
    )
    await link_rows(
        connection,
        f"""
        INSERT INTO review_contribution_gcm_objectives (contribution_id, objective_number)
        SELECT DISTINCT c.id, 1 + {h("c.id * 10 + j", 50, 23)}
        FROM review_contributions AS c
        CROSS JOIN LATERAL generate_series(1, 1 + {h("c.id", 51, 4)}) AS j
        WHERE c.synthetic AND c.id > :after
        """,
        after,
    )


async def insert_documents(connection: AsyncConnection, count: int) -> None:
    """Add `count` synthetic documents, each of one to three ISCMs, most of them dated."""
    after = (
        await connection.execute(text("SELECT coalesce(max(id), 0) FROM documents"))
    ).scalar_one()
    await connection.execute(
        text(f"""
        INSERT INTO documents (title, kind, published_on, url, summary, synthetic)
        SELECT '{SYNTHETIC_PREFIX} Report ' || g || ' on '
                   || {pick("CAST(:subjects AS text[])", "g", 70)},
               {pick("CAST(:kinds AS text[])", "g", 71)},
               CASE WHEN {h("g", 72, 10)} > 0 THEN DATE '2008-01-01' + {h("g", 73, 6200)}::integer END,
               'https://example.org/synthetic/document/' || g,
               'Synthetic document ' || g || ', generated for the iscm-graph benchmark, on '
                   || {pick("CAST(:subjects AS text[])", "g", 74)} || '.',
               true
        FROM generate_series(1, CAST(:count AS integer)) AS g
        ORDER BY g
        """),
        {"count": count, "subjects": list(SUBJECTS.values()), "kinds": list(DOCUMENT_KINDS)},
    )
    await link_rows(
        connection,
        f"""
        INSERT INTO document_iscms (document_id, iscm_id)
        SELECT DISTINCT d.id, {pick("v.iscms", "d.id * 10 + j", 75)}
        FROM documents AS d CROSS JOIN LATERAL generate_series(1, 1 + {h("d.id", 76, 3)}) AS j,
             (SELECT {VOCABULARIES}) AS v
        WHERE d.synthetic AND d.id > :after
        """,
        after,
    )


async def insert_observations(connection: AsyncConnection, count: int) -> list[str]:
    """Add `count` synthetic SDG observations: States by years by series, then dimension slices.

    Each row number maps to a distinct (State, year, series, slice), so the primary key never
    collides. Runs in a savepoint: if the table's shape changed, say so and go on without it.
    """
    try:
        async with connection.begin_nested():
            await connection.execute(
                text(f"""
                WITH a AS (
                    SELECT (SELECT array_agg(iso3 ORDER BY iso3) FROM member_states) AS states,
                           (SELECT array_agg(DISTINCT code ORDER BY code) FROM sdg_series) AS codes
                ), n AS (
                    SELECT cardinality(a.states) AS states, coalesce(cardinality(a.codes), 0) AS codes
                    FROM a
                )
                INSERT INTO {OBSERVATIONS_TABLE} (source, code, iso3, year, dimensions_key, value,
                    raw_value, unit, name, dimensions, fetched_at, synthetic)
                SELECT 'SDG',
                       a.codes[1 + (g / (n.states * 35)) % n.codes],
                       a.states[1 + g % n.states],
                       1990 + (g / n.states) % 35,
                       CASE WHEN g / (n.states * 35 * n.codes) = 0 THEN ''
                            ELSE 'synthetic=' || g / (n.states * 35 * n.codes) END,
                       round((({h("g", 61, 1000000)}) / 100.0)::numeric, 2),
                       (round((({h("g", 61, 1000000)}) / 100.0)::numeric, 2))::text,
                       'PERCENT',
                       'Synthetic observation (iscm-graph benchmark)',
                       '{{}}'::jsonb,
                       TIMESTAMPTZ '2025-01-01 00:00:00+00',
                       true
                FROM generate_series(0, CAST(:count AS integer) - 1) AS g, a, n
                WHERE n.codes > 0
                """),
                {"count": count},
            )
    except DBAPIError as error:
        reason = str(getattr(error, "orig", error)).splitlines()[0]
        return [f"table {OBSERVATIONS_TABLE} could not be filled ({reason}): no observations"]
    return []


def describe_rows(rows: dict[str, Any]) -> str:
    """Summarise row counts on one line."""
    return ", ".join(f"{table} {count:,}" for table, count in rows.items())
