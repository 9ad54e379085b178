"""The GraphQL explorer: GraphiQL from the service's own assets, the README's examples preloaded.

Queries and mutations go over HTTP, subscriptions over a WebSocket to the same /graphql
(graphql-transport-ws, with the vendored graphql-ws client).

Browsers that GET /graphql get this page (see `GraphQLApp.render_graphql_ide`). Nothing it
loads comes from another origin, so it works on a network without internet access. The assets
are vendored in `service/static/explorer/` (see its README.md); the example queries are
`examples/queries/*.graphql`, copied into the package by `scripts/vendor_graphiql.sh examples`.
"""

import gzip
import hashlib
import html
import json
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import files
from typing import Any

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from resolvers.errors import ErrorCode
from service.middleware import accepts_gzip, error_body

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
# Asset URLs carry their content hash, so a browser may keep them for good.
IMMUTABLE = "public, max-age=31536000, immutable"
# The page itself is revalidated: it names the current assets.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'"
)
# Variables an example needs to run as it is (the README runs the State example for PHL).
EXAMPLE_VARIABLES: dict[str, dict[str, Any]] = {
    "state_iscms_and_recommendations": {"iso3": "PHL"},
}


@dataclass(frozen=True)
class Asset:
    """One vendored file, held in memory with its validator."""

    body: bytes
    media_type: str
    etag: str

    @property
    def version(self) -> str:
        """Return the short content hash used in the asset's URL."""
        return self.etag.strip('"')[:12]

    @cached_property
    def gzipped(self) -> bytes:
        """Return the file gzip-compressed (once: the GraphiQL bundle takes half a second)."""
        return gzip.compress(self.body, compresslevel=9, mtime=0)

    @property
    def gzip_etag(self) -> str:
        """Return the validator of the compressed representation (it differs from the file's)."""
        return f'{self.etag[:-1]}-gzip"'


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
        body = EXPLORER_DIR.joinpath(name).read_bytes()
        loaded[name] = Asset(body, media_type, f'"{hashlib.sha256(body).hexdigest()}"')
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
    return HTMLResponse(
        explorer_page(),
        headers={
            "Cache-Control": "no-cache",
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
        },
    )


async def serve_asset(request: Request) -> Response:
    """Serve one vendored asset with a long cache lifetime and an ETag."""
    asset = assets().get(request.path_params["name"])
    if asset is None:
        return Response(
            error_body(ErrorCode.NOT_FOUND, "No such explorer asset."),
            status_code=404,
            media_type="application/json",
        )
    # Stored compressed, so the compression middleware (which skips encoded bodies) need not
    # compress the 3.5 MB bundle again for every browser.
    body, etag, encoding = asset.body, asset.etag, {}
    if accepts_gzip(request.scope):
        gzipped = await anyio.to_thread.run_sync(lambda: asset.gzipped)
        if len(gzipped) < len(asset.body):
            body, etag = gzipped, asset.gzip_etag
            encoding = {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
    headers = {"Cache-Control": IMMUTABLE, "ETag": etag, "X-Content-Type-Options": "nosniff"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=asset.media_type, headers={**headers, **encoding})


async def redirect_to_explorer(_: Request) -> Response:
    """Send /explorer to the page browsers get at /graphql."""
    return RedirectResponse("/graphql", status_code=308)


explorer_routes = [
    Route(f"{ASSETS_PATH}/{{name}}", serve_asset, methods=["GET", "HEAD"]),
    Route("/explorer", redirect_to_explorer, methods=["GET", "HEAD"]),
]
