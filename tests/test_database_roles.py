"""Two database roles: the owner migrates and seeds, the service reads and writes data only.

`iscm-graph serve` is started on a fresh database with DATABASE_URL naming a role that owns
nothing and ISCM_MIGRATION_DATABASE_URL naming the owner: it migrates and seeds as the owner,
then every request runs as the service role, which cannot touch the audit log's trigger.
"""

import hashlib
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from db.notifications import asyncpg_dsn
from db.session import create_engine
from migrations import head_revisions
from tests.database import database_with_service_role
from tests.live_service import ROOT, clean_environment, served
from tests.un_upstream import UpstreamServer, serve_upstream
from tests.write_api.conftest import OPEN_PROCESS
from tests.write_api.support import add_review_process, new_key

AUDIT_TAMPERING = [
    "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only",
    "ALTER TABLE audit_events DISABLE TRIGGER ALL",
    "UPDATE audit_events SET note = 'rewritten'",
    "DELETE FROM audit_events",
    "TRUNCATE audit_events",
    "DROP TRIGGER audit_events_append_only ON audit_events",
    "CREATE TRIGGER tamper BEFORE INSERT ON audit_events"
    " FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
]


@dataclass
class Deployment:
    """A fresh database served as the service role; the owner's and the service's URLs."""

    owner_url: str
    service_url: str
    base: str
    log: Path


@pytest.fixture(scope="module")
def upstream() -> Iterator[UpstreamServer]:
    yield from serve_upstream()


@pytest.fixture(scope="module")
async def deployment(
    admin_url: str, upstream: UpstreamServer, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Deployment]:
    log = tmp_path_factory.mktemp("roles") / "serve.log"
    sources = {f"ISCM_{key.upper()}": value for key, value in upstream.base_urls().items()}
    async with database_with_service_role(admin_url, "iscm_roles") as database:
        with served(
            database.service_url,
            log,
            ISCM_MIGRATION_DATABASE_URL=database.owner_url,
            ISCM_OFFLINE="false",
            **sources,
        ) as base:
            yield Deployment(database.owner_url, database.service_url, base, log)


async def as_service(deployment: Deployment) -> asyncpg.Connection:
    """Connect to the served database as the service role."""
    return await asyncpg.connect(asyncpg_dsn(deployment.service_url))


async def test_the_service_role_cannot_alter_or_rewrite_the_audit_log(deployment):
    connection = await as_service(deployment)
    try:
        before = await connection.fetchval("SELECT count(*) FROM audit_events")
        for statement in AUDIT_TAMPERING:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await connection.execute(statement)
        # what it may do: append and read
        await connection.execute(
            "INSERT INTO audit_events (actor, actor_name, action, entity, entity_id)"
            " VALUES ('test', 'test', 'CREATED', 'test', '1')"
        )
        assert await connection.fetchval("SELECT count(*) FROM audit_events") == before + 1
        # and it owns nothing: no table, sequence or function of the schema can be altered by it
        owned = await connection.fetchval(
            "SELECT count(*) FROM pg_class WHERE relowner = current_user::regrole"
        )
        assert owned == 0
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await connection.execute("ALTER TABLE review_contributions ADD COLUMN extra int")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await connection.execute("INSERT INTO alembic_version VALUES ('forged')")
    finally:
        await connection.close()


async def service_key(deployment: Deployment, role: str, iscms: list[str] | None = None) -> str:
    """Create an API key (and the open review process) through the service role's connection."""
    engine = create_engine(deployment.service_url, pool_size=1, max_overflow=0)
    try:
        async with AsyncSession(engine) as session, session.begin():
            if role == "partner":
                await add_review_process(session, OPEN_PROCESS)
            return await new_key(session, role, iscms)
    finally:
        await engine.dispose()


class Api:
    """Posts GraphQL to the served app and refuses any internal error."""

    def __init__(self, http: httpx.AsyncClient, token: str | None = None) -> None:
        self.http = http
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    async def body(self, query: str, variables: dict[str, Any] | None = None, **extra: Any) -> Any:
        payload = {"query": query, "variables": variables or {}, **extra}
        response = await self.http.post("/graphql", json=payload, headers=self.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert not body.get("errors"), body["errors"]
        return body["data"]

    async def payload(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        (payload,) = (await self.body(query, variables)).values()
        assert payload["errors"] == [], payload["errors"]
        return payload


CREATE = """
mutation($input: CreateReviewContributionInput!, $key: String) {
  createReviewContribution(input: $input, idempotencyKey: $key) {
    contribution { id version } errors { code message }
  }
}"""
SUBMIT = """
mutation($id: ID!, $version: Int!) {
  submitReviewContribution(id: $id, expectedVersion: $version) {
    contribution { id status version } errors { code message }
  }
}"""
PUBLISH = """
mutation($id: ID!) {
  publishReviewContribution(id: $id) { contribution { status } errors { code message } }
}"""
IMPORT = """
mutation($inputs: [ImportReviewContributionInput!]!) {
  importReviewContributions(inputs: $inputs, atomic: true, idempotencyKey: "batch") {
    importedCount results { contribution { id } } errors { code message }
  }
}"""
REMOVE = """
mutation($id: ID!) {
  removeReviewContribution(id: $id, reason: "duplicate") { contribution { id } errors { code message } }
}"""
RESTORE = """
mutation($id: ID!) {
  restoreReviewContribution(id: $id, reason: "not a duplicate") {
    contribution { id } errors { code message }
  }
}"""
MERGE = """
mutation($id: ID!, $into: ID!) {
  mergeReviewContribution(id: $id, into: $into, reason: "duplicate") {
    contribution { id } errors { code message }
  }
}"""
MEMBERSHIP = """
mutation {
  setIscmMembership(slug: "bali-process", iso3: "NZL", role: OBSERVER,
                    source: "https://www.baliprocess.net/membership/") {
    membership { role } errors { code message }
  }
}"""
RECOMMENDATION = """
mutation($input: CreateRecommendationInput!) {
  createRecommendation(input: $input) { recommendation { id } errors { code message } }
}"""
HISTORY = """
query($id: ID!) {
  node(id: $id) { ... on ReviewContribution { id status history { action } publishedVersions { version } } }
}
"""


def draft(title: str) -> dict[str, Any]:
    return {
        "iscm": "bali-process",
        "reviewProcess": OPEN_PROCESS,
        "title": title,
        "summary": "Written by the service role.",
        "gcmObjectives": [9],
    }


async def test_the_api_reads_and_writes_as_the_service_role(deployment, upstream):
    partner_token = await service_key(deployment, "partner", ["bali-process"])
    editor_token = await service_key(deployment, "editor")
    async with httpx.AsyncClient(base_url=deployment.base, timeout=30) as http:
        ready = (await http.get("/readyz")).json()
        assert ready["status"] == "ok"
        anonymous, partner, editor = Api(http), Api(http, partner_token), Api(http, editor_token)

        # reads: a compiled page, and the DataLoader path with UN data stored in the cache
        catalogue = await anonymous.body("{ iscms(first: 50) { totalCount } }")
        assert catalogue["iscms"]["totalCount"] == 34
        upstream.series[("WORLDBANK", "SM.POP.TOTL")] = {"NZL": {2020: 1_400_000.0}}
        state = await anonymous.body(
            '{ memberState(iso3: "NZL") { memberships { iscm { slug } } migrantStock { value } } }'
        )
        assert state["memberState"]["migrantStock"] == [{"value": 1_400_000.0}]

        # writes: create (and replay), submit, publish, import, a recommendation, a membership
        created = await partner.payload(CREATE, {"input": draft("First"), "key": "k-1"})
        replayed = await partner.payload(CREATE, {"input": draft("First"), "key": "k-1"})
        assert replayed["contribution"] == created["contribution"]
        cid = created["contribution"]["id"]
        await partner.payload(SUBMIT, {"id": cid, "version": 1})
        await editor.payload(PUBLISH, {"id": cid})
        imported = await partner.payload(IMPORT, {"inputs": [draft("Second"), draft("Third")]})
        assert imported["importedCount"] == 2
        second, third = (r["contribution"]["id"] for r in imported["results"])
        await partner.payload(
            RECOMMENDATION,
            {
                "input": {
                    "iscm": "bali-process",
                    "title": "Share data",
                    "text": "Members share.",
                    "sourceUrl": "https://www.baliprocess.net/",
                }
            },
        )
        await editor.payload(MEMBERSHIP)
        # removing, restoring and merging are updates: the service role needs nothing more
        await editor.payload(REMOVE, {"id": second})
        await editor.payload(RESTORE, {"id": second})
        merged = await editor.payload(MERGE, {"id": third, "into": second})
        assert merged["contribution"]["id"] == second
        assert (await editor.body(HISTORY, {"id": third}))["node"]["id"] == second
        history = await editor.body(HISTORY, {"id": cid})
        assert [h["action"] for h in history["node"]["history"]] == [
            "CREATED",
            "SUBMITTED",
            "PUBLISHED",
        ]
        public = await anonymous.body(HISTORY, {"id": cid})
        assert public["node"]["history"] == []
        assert public["node"]["publishedVersions"] == [{"version": 3}]

        # an automatic persisted query is stored
        document = "{ gcmObjectives { number } }"
        sha256 = hashlib.sha256(document.encode()).hexdigest()
        extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha256}}
        await anonymous.body(document, extensions=extensions)
        by_hash = await http.post("/graphql", json={"extensions": extensions})
        assert len(by_hash.json()["data"]["gcmObjectives"]) == 23

    assert "permission denied" not in deployment.log.read_text()
    connection = await as_service(deployment)
    try:
        assert await connection.fetchval("SELECT current_user") != "postgres"
        assert await connection.fetchval("SELECT count(*) FROM audit_events") >= 12
    finally:
        await connection.close()


async def test_the_service_role_alone_cannot_migrate_and_says_what_to_do(admin_url):
    async with database_with_service_role(admin_url, "iscm_roles_alone") as database:
        result = subprocess.run(  # noqa: ASYNC221 - the command line, run as a user runs it
            [sys.executable, "-m", "service.cli", "migrate"],
            env=clean_environment(DATABASE_URL=database.service_url),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [
        "iscm-graph: the database is at revision none and this version needs "
        f"{', '.join(sorted(head_revisions()))}, which its connection may not migrate: run "
        "`iscm-graph migrate` with the owner's URL in ISCM_MIGRATION_DATABASE_URL"
    ]


def test_compose_migrates_as_the_owner_and_serves_as_the_service_role():
    yaml = pytest.importorskip("yaml")
    deploy = ROOT / "deploy"
    services = yaml.safe_load((deploy / "compose.yaml").read_text(encoding="utf-8"))["services"]
    owner = make_url(services["migrate"]["environment"]["ISCM_MIGRATION_DATABASE_URL"])
    service = make_url(services["iscm"]["environment"]["DATABASE_URL"])

    assert owner.username == services["postgres"]["environment"]["POSTGRES_USER"]
    assert service.username == services["postgres"]["environment"]["ISCM_SERVICE_ROLE"]
    assert service.username != owner.username
    assert make_url(services["migrate"]["environment"]["DATABASE_URL"]) == service
    # the replicas hold no owner credentials
    assert "ISCM_MIGRATION_DATABASE_URL" not in services["iscm"]["environment"]
    mounted = [volume.split(":")[0] for volume in services["postgres"]["volumes"]]
    script = next(deploy / path for path in mounted if path.endswith(".sh"))
    assert "CREATE ROLE" in script.read_text(encoding="utf-8")
