"""The explorer page: GraphiQL from the service's own assets, with the README's examples."""

import json
import re
from pathlib import Path

from service.explorer import ASSETS_PATH, MEDIA_TYPES, examples

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "queries"
PACKAGED_EXAMPLES = ROOT / "service" / "static" / "explorer" / "examples"
BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
FIRST_QUERY = "{ gcmObjectives { number } }"


def readme_examples() -> list[str]:
    """Return the example files the README's "Example queries" section links, in its order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Example queries", 1)[1].split("\n## ", 1)[0]
    return list(dict.fromkeys(re.findall(r"\(examples/queries/([\w.]+\.graphql)\)", section)))


def page_examples(page: str) -> list[dict]:
    """Return the examples a page embeds for GraphiQL."""
    found = re.search(
        r'<script type="application/json" id="explorer-examples">(.*?)</script>', page
    )
    assert found, page
    return json.loads(found.group(1))


async def test_a_browser_gets_the_explorer_page(client):
    # when
    response = await client.get("/graphql", headers=BROWSER)
    # then
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page = response.text
    assert "<title>iscm-graph explorer</title>" in page
    for name in MEDIA_TYPES:
        assert f'"{ASSETS_PATH}/{name}?v=' in page


async def test_the_page_references_nothing_from_another_origin(client):
    page = (await client.get("/graphql", headers=BROWSER)).text
    assert "http://" not in page
    assert "https://" not in page
    references = re.findall(r'(?:src|href)="([^"]*)"', page)
    # icon, stylesheet, React, ReactDOM, GraphiQL, graphql-ws, our start script
    assert len(references) == 7
    assert all(ref.startswith(f"{ASSETS_PATH}/") or ref == "data:," for ref in references)


async def test_the_page_runs_our_start_script_not_the_cdn_one(client):
    page = (await client.get("/graphql", headers=BROWSER)).text
    assert "unpkg" not in page
    assert "jsdelivr" not in page
    script = (await client.get(f"{ASSETS_PATH}/explorer.js")).text
    assert 'GraphiQL.createFetcher({ url: "/graphql" })' in script
    assert "defaultTabs" in script


async def test_assets_are_served_with_long_caching_and_an_etag(client):
    # given
    page = (await client.get("/graphql", headers=BROWSER)).text
    found = re.search(rf'src="({ASSETS_PATH}/graphiql\.min\.js\?v=\w+)"', page)
    assert found is not None
    url = found.group(1)
    # when
    response = await client.get(url)
    # then
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert b"window.GraphiQL" in response.content
    etag = response.headers["etag"]
    assert url.endswith(etag.strip('"')[:12])
    revalidated = await client.get(url, headers={"if-none-match": etag})
    assert revalidated.status_code == 304
    assert revalidated.content == b""
    css = await client.get(f"{ASSETS_PATH}/graphiql.min.css")
    assert css.headers["content-type"] == "text/css; charset=utf-8"
    assert b".graphiql-container" in css.content


async def test_an_unknown_asset_is_a_json_404(client):
    for name in ("nothing.js", "LICENSE.react", "examples"):
        response = await client.get(f"{ASSETS_PATH}/{name}")
        assert response.status_code == 404
        assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_asset_names_cannot_climb_out_of_the_folder(client):
    response = await client.get(f"{ASSETS_PATH}/..%2F..%2Fexplorer.py")
    assert response.status_code == 404
    assert b"import" not in response.content


async def test_explorer_redirects_to_graphql(client):
    response = await client.get("/explorer", headers=BROWSER)
    assert response.status_code == 308
    assert response.headers["location"] == "/graphql"


async def test_clients_asking_for_json_still_get_graphql(client):
    response = await client.get(
        "/graphql", params={"query": FIRST_QUERY}, headers={"accept": "application/json"}
    )
    assert response.status_code == 200
    assert len(response.json()["data"]["gcmObjectives"]) == 23


async def test_the_readme_the_files_and_the_explorer_offer_the_same_examples(client):
    # given
    linked = readme_examples()
    files = sorted(path.name for path in EXAMPLES.glob("*.graphql"))
    packaged = sorted(path.name for path in PACKAGED_EXAMPLES.glob("*.graphql"))
    # when
    offered = page_examples((await client.get("/graphql", headers=BROWSER)).text)
    # then
    assert len(linked) == 3
    assert sorted(linked) == files == packaged, "run `scripts/vendor_graphiql.sh examples`"
    for name in files:
        assert (PACKAGED_EXAMPLES / name).read_bytes() == (EXAMPLES / name).read_bytes(), (
            f"{name} differs from its packaged copy: run `scripts/vendor_graphiql.sh examples`"
        )
    assert f"{offered[0]['name']}.graphql" == linked[0]
    assert sorted(f"{tab['name']}.graphql" for tab in offered) == files
    for tab in offered:
        assert tab["query"] == (EXAMPLES / f"{tab['name']}.graphql").read_text(encoding="utf-8")
    assert [example.name for example in examples()] == [tab["name"] for tab in offered]


async def test_every_offered_example_runs_with_its_variables(graphql):
    for example in examples():
        data = await graphql.data(example.query, example.variables)
        assert data, example.name
        assert None not in data.values(), example.name
