"""The GraphQL explorer: GraphiQL from the service's own assets, the README's examples preloaded.

Queries and mutations go over HTTP, subscriptions over a WebSocket to the same /graphql
(graphql-transport-ws, with the vendored graphql-ws client).

Browsers that GET /graphql get this page (see `GraphQLApp.render_graphql_ide`). Nothing it
loads comes from another origin, so it works on a network without internet access. The assets
are vendored in `service/static/explorer/` (see its README.md); the example queries are
`examples/queries/*.graphql`, copied into the package by `scripts/vendor_graphiql.sh examples`.
"""

import html
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from service.static_assets import Asset, asset_response, not_found, page_response

ASSETS_PATH = "/explorer/assets"
EXPLORER_DIR = files("service").joinpath("static", "explorer")
MEDIA_TYPES = {
    "react.production.min.js": "text/javascript; charset=utf-8",
    "react-dom.production.min.js": "text/javascript; charset=utf-8",
    "graphiql.min.js": "text/javascript; charset=utf-8",
    "graphql-ws.min.js": "text/javascript; charset=utf-8",
    "graphiql.min.css": "text/css; charset=utf-8",
    "explorer.js": "text/javascript; charset=utf-8",
}
# Variables an example needs to run as it is (the README runs the State example for PHL).
EXAMPLE_VARIABLES: dict[str, dict[str, Any]] = {
    "state_iscms_and_recommendations": {"iso3": "PHL"},
}


@dataclass(frozen=True)
class Example:
    """One example query of the README, as the explorer offers it."""

    name: str
    query: str
    variables: dict[str, Any]


@cache
def assets() -> dict[str, Asset]:
    """Read the vendored assets once."""
    loaded = {}
    for name, media_type in MEDIA_TYPES.items():
        loaded[name] = Asset.of(EXPLORER_DIR.joinpath(name).read_bytes(), media_type)
    return loaded


@cache
def examples() -> tuple[Example, ...]:
    """Read the example queries once, in file name order (the README's first comes first)."""
    queries = sorted(
        (entry for entry in EXPLORER_DIR.joinpath("examples").iterdir()),
        key=lambda entry: entry.name,
    )
    return tuple(
        Example(
            name=entry.name.removesuffix(".graphql"),
            query=entry.read_text(encoding="utf-8"),
            variables=EXAMPLE_VARIABLES.get(entry.name.removesuffix(".graphql"), {}),
        )
        for entry in queries
        if entry.name.endswith(".graphql")
    )


def asset_url(name: str) -> str:
    """Return the same-origin, content-versioned URL of an asset."""
    return f"{ASSETS_PATH}/{name}?v={assets()[name].version}"


def _examples_json() -> str:
    tabs = [
        {
            "name": example.name,
            "query": example.query,
            "variables": json.dumps(example.variables, indent=2) if example.variables else None,
        }
        for example in examples()
    ]
    # `<` escaped so no query text can close the script element.
    return json.dumps(tabs).replace("<", "\\u003c")


@cache
def explorer_page() -> str:
    """Return the explorer's HTML page."""
    script = "\n    ".join(
        f'<script src="{html.escape(asset_url(name))}"></script>'
        for name in (
            "react.production.min.js",
            "react-dom.production.min.js",
            "graphiql.min.js",
            "graphql-ws.min.js",
        )
    )
    return f"""<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>iscm-graph explorer</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="{html.escape(asset_url("graphiql.min.css"))}">
    <style>html, body, #graphiql {{ height: 100%; margin: 0; overflow: hidden; }}</style>
  </head>
  <body>
    <div id="graphiql">Loading the explorer...</div>
    <script type="application/json" id="explorer-examples">{_examples_json()}</script>
    {script}
    <script src="{html.escape(asset_url("explorer.js"))}"></script>
  </body>
</html>
"""


def explorer_response() -> Response:
    """Return the explorer page, behind a policy that allows nothing from another origin."""
    return page_response(explorer_page())


async def serve_asset(request: Request) -> Response:
    """Serve one vendored asset with a long cache lifetime and an ETag."""
    asset = assets().get(request.path_params["name"])
    if asset is None:
        return not_found("explorer asset")
    return await asset_response(request, asset)


async def redirect_to_explorer(_: Request) -> Response:
    """Send /explorer to the page browsers get at /graphql."""
    return RedirectResponse("/graphql", status_code=308)


explorer_routes = [
    Route(f"{ASSETS_PATH}/{{name}}", serve_asset, methods=["GET", "HEAD"]),
    Route("/explorer", redirect_to_explorer, methods=["GET", "HEAD"]),
]
