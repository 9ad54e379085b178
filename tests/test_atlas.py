"""The atlas as the service serves it: its page, its assets, and its queries allow-listed at
start-up so that it works with ISCM_PERSISTED_ONLY=true."""

import json
import re
from pathlib import Path
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
    validate,
)
from sqlalchemy import delete, func, select

from db import models
from schema import schema
from service.atlas import ASSETS_PATH, bundle, documents
from service.persisted import normalised, sha256_of
from tests.in_process import app_client

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "service" / "static" / "atlas" / "queries"
FRAGMENTS = QUERIES / "fragments.graphql"
BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
VIEWS = ("calendar", "coverage", "iscm", "memberships", "outcomes", "state")
# Variables each atlas operation is sent with by the page, for one real ISCM and State.
VARIABLES: dict[str, dict[str, Any]] = {
    "AtlasCellOutcomes": {"iscm": "bali-process", "objective": 9},
    "AtlasIscm": {"slug": "bali-process"},
    "AtlasState": {"iso3": "PHL", "from": 1990, "to": 2026},
}


def manifest(page: str) -> dict[str, dict[str, str]]:
    """Return the documents the page may send, by operation name."""
    found = re.search(r'<script type="application/json" id="atlas-documents">(.*?)</script>', page)
    assert found, page
    return json.loads(found.group(1))


def canonical(text: str) -> str:
    """A document printed canonically (every atlas document parses)."""
    printed = normalised(text)
    assert printed is not None, text
    return printed


def fragment_block(name: str, fragments: str) -> str:
    """The definition of fragment `name` in the fragments file."""
    found = re.search(rf"^fragment {name} .*?^}}$", fragments, re.MULTILINE | re.DOTALL)
    assert found is not None, name
    return found.group(0)


def by_hash(operation_name: str, sha256: str, variables: dict[str, Any]) -> dict[str, str]:
    """Return the GET parameters the page sends for one operation."""
    return {
        "operationName": operation_name,
        "variables": json.dumps(variables),
        "extensions": json.dumps({"persistedQuery": {"version": 1, "sha256Hash": sha256}}),
    }


async def test_the_atlas_page_loads_only_its_own_versioned_assets(client):
    # when
    response = await client.get("/atlas", headers=BROWSER)
    # then
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy
    assert "connect-src 'self'" in policy
    page = response.text
    assert "http://" not in page
    assert "https://" not in page
    references = re.findall(r'(?:src|href)="([^"#]+)"', page)
    version = bundle().version
    assets = [ref for ref in references if ref.startswith(ASSETS_PATH)]
    modules = [
        f"{ASSETS_PATH}/{version}/{name}"
        for name in ("api.js", "charts.js", "main.js", "ui.js", *(f"views/{v}.js" for v in VIEWS))
    ]
    assert assets == [
        f"{ASSETS_PATH}/{version}/atlas.css",
        *modules,
        f"{ASSETS_PATH}/{version}/vendor/d3.min.js",
        f"{ASSETS_PATH}/{version}/vendor/plot.umd.min.js",
        f"{ASSETS_PATH}/{version}/vendor/topojson-client.min.js",
        f"{ASSETS_PATH}/{version}/main.js",
    ]
    others = set(references) - set(assets)
    assert others == {"data:,", "/graphql", "/calendar.ics"}


async def test_the_page_names_every_document_by_the_hash_it_sends(client):
    # given the operations, each in its file, and the fragments they share
    operations = sorted(path for path in QUERIES.glob("*.graphql") if path != FRAGMENTS)
    fragments = FRAGMENTS.read_text(encoding="utf-8")
    declared = re.findall(r"^fragment (\w+)", fragments, flags=re.MULTILINE)
    # when
    listed = manifest((await client.get("/atlas", headers=BROWSER)).text)
    # then each document is served as it is sent: the operation, then each fragment it spreads
    assert len(listed) == len(operations) == len(documents())
    used = set()
    for path in operations:
        operation = path.read_text(encoding="utf-8")
        (name,) = re.findall(r"^query (\w+)", operation, flags=re.MULTILINE)
        served = (await client.get(listed[name]["path"])).text
        assert listed[name]["sha256"] == sha256_of(served)
        appended = re.findall(r"^fragment (\w+)", served, flags=re.MULTILINE)
        assert appended == sorted(set(re.findall(r"\.\.\.(\w+)", served)))
        blocks = [fragment_block(fragment, fragments) for fragment in appended]
        assert served == "\n\n".join([operation.rstrip("\n"), *blocks]) + "\n"
        used.update(appended)
    assert used == set(declared)
    assert len(declared) == len(set(declared))


async def test_assets_are_cached_for_good_under_their_version_and_revalidated_otherwise(client):
    # given
    url = f"{ASSETS_PATH}/{bundle().version}/main.js"
    # when
    response = await client.get(url)
    revalidated = await client.get(url, headers={"if-none-match": response.headers["etag"]})
    old_version = await client.get(f"{ASSETS_PATH}/000000000000/main.js")
    missing = await client.get(f"{ASSETS_PATH}/{bundle().version}/nothing.js")
    licence = await client.get(f"{ASSETS_PATH}/{bundle().version}/vendor/LICENSE.d3")
    map_data = await client.get(f"{ASSETS_PATH}/{bundle().version}/vendor/countries-110m.json")
    # then
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "import" in response.text
    assert revalidated.status_code == 304
    assert old_version.status_code == 200
    assert old_version.headers["cache-control"] == "no-cache"
    for absent in (missing, licence):
        assert absent.status_code == 404
        assert absent.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert map_data.json()["type"] == "Topology"


async def test_start_up_allow_lists_every_atlas_document(client, session):
    # given the app started (the `client` fixture ran its start-up)
    # when
    rows = (
        await session.scalars(
            select(models.PersistedQuery).where(models.PersistedQuery.allow_listed)
        )
    ).all()
    # then each document is allow-listed as written and as printed canonically, by name
    listed = {row.sha256: row for row in rows}
    for document in documents():
        for text in (document.text, canonical(document.text)):
            assert listed[sha256_of(text)].operation_name == document.operation_name
            assert listed[sha256_of(text)].query == text


async def test_with_persisted_only_the_atlas_runs_by_hash_and_nothing_else(
    settings, session_factory
):
    # given the allow-list mode
    strict = settings.model_copy(update={"persisted_only": True})
    async with app_client(strict, session_factory) as client:
        # when the page's requests are sent as the page sends them
        listed = manifest((await client.get("/atlas", headers=BROWSER)).text)
        answers = {
            name: await client.get(
                "/graphql", params=by_hash(name, entry["sha256"], VARIABLES.get(name, {}))
            )
            for name, entry in listed.items()
        }
        other = await client.get("/graphql", params={"query": "{ iscms { totalCount } }"})
    # then every one answers with data (UN figures may be missing: nothing is cached)
    for name, answer in answers.items():
        assert answer.status_code == 200, (name, answer.text)
        body = answer.json()
        assert body["data"] is not None, (name, body)
        codes = {error["extensions"]["code"] for error in body.get("errors", [])}
        assert codes <= {"UPSTREAM_UNAVAILABLE"}, (name, body["errors"][:3])
    assert answers["AtlasCoverage"].json()["data"]["gcmCoverage"]["rows"]
    # the State picker lists the 195 States, no territory
    picked = [
        state
        for region in answers["AtlasStates"].json()["data"]["regions"]
        for state in region["memberStates"]
    ]
    assert len(picked) == 195
    assert {state["unStatus"] for state in picked} == {"MEMBER", "OBSERVER"}
    assert answers["AtlasCoverage"].headers["cache-control"].startswith("public")
    assert other.status_code == 400
    assert other.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"


async def test_iscm_atlas_false_serves_no_atlas_and_allow_lists_nothing(
    settings, session_factory, session
):
    # given no atlas document stored yet (a served test database may hold them)
    hashes = [sha256_of(text) for d in documents() for text in (d.text, canonical(d.text))]
    await session.execute(
        delete(models.PersistedQuery).where(models.PersistedQuery.sha256.in_(hashes))
    )
    await session.flush()
    without = settings.model_copy(update={"atlas": False})
    async with app_client(without, session_factory) as client:
        # when
        page = await client.get("/atlas", headers=BROWSER)
        asset = await client.get(f"{ASSETS_PATH}/{bundle().version}/main.js")
    listed = await session.scalar(
        select(func.count()).where(models.PersistedQuery.sha256.in_(hashes))
    )
    # then
    assert page.status_code == 404
    assert asset.status_code == 404
    assert listed == 0


def selects_typename(selection_set: SelectionSetNode, fragments: dict[str, Any]) -> bool:
    """Whether a selection set asks for `__typename`, itself or through a fragment it spreads."""
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode) and selection.name.value == "__typename":
            return True
        if isinstance(selection, FragmentSpreadNode) and selects_typename(
            fragments[selection.name.value].selection_set, fragments
        ):
            return True
        if isinstance(selection, InlineFragmentNode) and selects_typename(
            selection.selection_set, fragments
        ):
            return True
    return False


def object_selection_sets(selection_set: SelectionSetNode) -> list[SelectionSetNode]:
    """Return the selection sets of every field below, fragments' own included by the caller."""
    found = []
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set:
            found.append(selection.selection_set)
            found.extend(object_selection_sets(selection.selection_set))
    return found


def test_the_queries_are_written_as_clients_write_them():
    for document in documents():
        # given
        ast = parse(document.text)
        fragments = {
            definition.name.value: definition
            for definition in ast.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        operations = [
            definition
            for definition in ast.definitions
            if isinstance(definition, OperationDefinitionNode)
        ]
        # then: valid, one named query, __typename on every object, fragments used
        assert validate(schema._schema, ast) == [], document.path
        assert len(operations) == 1
        name = operations[0].name
        assert name is not None
        assert name.value == document.operation_name
        assert document.operation_name.startswith("Atlas")
        sets = [
            nested
            for definition in (*operations, *fragments.values())
            for nested in object_selection_sets(definition.selection_set)
        ]
        sets += [fragment.selection_set for fragment in fragments.values()]
        missing = [s.loc and s.loc.start for s in sets if not selects_typename(s, fragments)]
        assert missing == [], f"{document.path}: no __typename at offsets {missing}"
