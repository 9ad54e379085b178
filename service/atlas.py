"""The atlas at /atlas: charts and maps of the graph, built on the public GraphQL API alone.

The page is plain ES modules (`service/static/atlas/`) over vendored d3, Observable Plot,
topojson-client and Natural Earth outlines (see its README.md); nothing loads from another
origin. Its queries are the operations of `service/static/atlas/queries/`, each completed with
the fragments it spreads from `queries/fragments.graphql` (where each is declared once): the
service allow-lists these documents when it starts, as `iscm-graph persisted add` would, and the
page sends only their hashes (GET, so anonymous answers are cacheable), so the atlas works with
ISCM_PERSISTED_ONLY=true. ISCM_ATLAS=false switches the atlas and its allow-listing off.

Every asset URL carries the hash of the whole atlas (`/atlas/assets/<version>/<path>`), so the
modules' relative imports stay versioned and every file may be cached for good. The documents
are served as the page sends them, at `documents/<OperationName>.graphql`.
"""

import hashlib
import html
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    Node,
    OperationDefinitionNode,
    Visitor,
    parse,
    visit,
)
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from db.session import SessionFactory
from service.persisted import allow_list, sha256_of
from service.settings import Settings
from service.static_assets import Asset, asset_response, not_found, page_response

ATLAS_DIR = files("service").joinpath("static", "atlas")
ASSETS_PATH = "/atlas/assets"
QUERIES_FOLDER = "queries"
FRAGMENTS_FILE = "fragments.graphql"
DOCUMENTS_FOLDER = "documents"
MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".graphql": "text/plain; charset=utf-8",
}
# Classic scripts the modules find as globals, in load order (Plot needs d3).
VENDORED_SCRIPTS = ("vendor/d3.min.js", "vendor/plot.umd.min.js", "vendor/topojson-client.min.js")
# Served under an old version, an asset may have changed: the browser must check.
REVALIDATE = "no-cache"


@dataclass(frozen=True)
class AtlasDocument:
    """One of the atlas's GraphQL documents, as the page sends it (by hash): an operation and
    the fragments it spreads."""

    operation_name: str
    path: str
    text: str

    @property
    def sha256(self) -> str:
        """Return the hash the page sends instead of the document."""
        return sha256_of(self.text)


class _Spreads(Visitor):
    """Collects the names of the fragments a node spreads."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: object) -> None:
        self.names.add(node.name.value)


def _spreads(node: Node) -> set[str]:
    spreads = _Spreads()
    visit(node, spreads)
    return spreads.names


def _with_fragments(operation: str, path: str, fragments: dict[str, FragmentDefinitionNode]) -> str:
    """Return an operation's text followed by every fragment it spreads, directly or not."""
    needed: set[str] = set()
    pending = _spreads(parse(operation))
    while pending:
        name = pending.pop()
        if name in needed:
            continue
        if name not in fragments:
            raise ValueError(f"atlas query {path} spreads {name}, which {FRAGMENTS_FILE} lacks")
        needed.add(name)
        pending |= _spreads(fragments[name])
    texts = [operation.rstrip("\n")]
    for name in sorted(needed):
        location = fragments[name].loc
        assert location is not None  # parsed with locations
        texts.append(location.source.body[location.start : location.end])
    return "\n\n".join(texts) + "\n"


def _operation_name(document: DocumentNode, path: str) -> str:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].name is None:
        raise ValueError(f"atlas query {path} must hold exactly one named operation")
    return operations[0].name.value


@cache
def documents() -> tuple[AtlasDocument, ...]:
    """Return the atlas's documents, by file name: each operation with its fragments."""
    folder = ATLAS_DIR.joinpath(QUERIES_FOLDER)
    shared = parse(folder.joinpath(FRAGMENTS_FILE).read_text(encoding="utf-8"))
    fragments = {
        definition.name.value: definition
        for definition in shared.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    found = []
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if not entry.name.endswith(".graphql") or entry.name == FRAGMENTS_FILE:
            continue
        path = f"{QUERIES_FOLDER}/{entry.name}"
        operation = entry.read_text(encoding="utf-8")
        name = _operation_name(parse(operation), path)
        found.append(AtlasDocument(name, path, _with_fragments(operation, path, fragments)))
    return tuple(found)


@dataclass(frozen=True)
class Bundle:
    """Every file the page may load, by path under the atlas folder, and their joint hash."""

    assets: dict[str, Asset]
    version: str

    def url(self, path: str) -> str:
        """Return the versioned, same-origin URL of one asset."""
        return f"{ASSETS_PATH}/{self.version}/{path}"


def _walk(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if entry.is_dir():
            yield from _walk(entry, f"{prefix}{entry.name}/")
        else:
            yield f"{prefix}{entry.name}", entry


@cache
def bundle() -> Bundle:
    """Read the atlas's files once: the page's modules, styles and vendored files, and the
    documents as sent (not the query files they are made of, nor licences and READMEs)."""
    contents: dict[str, bytes] = {
        path: entry.read_bytes()
        for path, entry in _walk(ATLAS_DIR)
        if not path.startswith(f"{QUERIES_FOLDER}/")
    }
    for document in documents():
        contents[f"{DOCUMENTS_FOLDER}/{document.operation_name}.graphql"] = document.text.encode()
    assets: dict[str, Asset] = {}
    joint = hashlib.sha256()
    for path, body in sorted(contents.items()):
        media_type = next(
            (kind for suffix, kind in MEDIA_TYPES.items() if path.endswith(suffix)), None
        )
        if media_type is not None:
            assets[path] = Asset.of(body, media_type)
            joint.update(f"{path}\0{assets[path].etag}\0".encode())
    return Bundle(assets, joint.hexdigest()[:12])


async def allow_list_atlas_documents(factory: SessionFactory, settings: Settings) -> None:
    """Allow-list the atlas's documents, unless the atlas is off (ISCM_ATLAS=false).

    Idempotent: every process does it when it starts.
    """
    if not settings.atlas:
        return
    async with factory() as session, session.begin():
        for document in documents():
            await allow_list(session, document.text, document.operation_name)


def _documents_json() -> str:
    manifest = {
        document.operation_name: {
            "sha256": document.sha256,
            "path": bundle().url(f"{DOCUMENTS_FOLDER}/{document.operation_name}.graphql"),
        }
        for document in documents()
    }
    # `<` escaped so no text can close the script element.
    return json.dumps(manifest).replace("<", "\\u003c")


NAVIGATION = (
    ("coverage", "Coverage"),
    ("memberships", "Memberships"),
    ("iscm", "Mechanisms"),
    ("state", "States"),
    ("calendar", "Calendar"),
)


@cache
def atlas_page() -> str:
    """Return the atlas's HTML shell; the modules render each view into `main`."""
    served = bundle()
    scripts = "\n    ".join(
        f'<script src="{html.escape(served.url(path))}"></script>' for path in VENDORED_SCRIPTS
    )
    # Every module at once, rather than as each import is found.
    modules = "\n    ".join(
        f'<link rel="modulepreload" href="{html.escape(served.url(path))}">'
        for path in served.assets
        if path.endswith(".js") and path not in VENDORED_SCRIPTS
    )
    links = "\n        ".join(
        f'<li><a href="#/{route}" data-route="{route}">{label}</a></li>'
        for route, label in NAVIGATION
    )
    return f"""<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>ISCM Atlas</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="{html.escape(served.url("atlas.css"))}">
    {modules}
  </head>
  <body>
    <a class="skip-link" href="#view">Skip to the content</a>
    <header class="masthead">
      <div class="masthead-inner">
        <p class="brand"><a href="#/coverage">ISCM Atlas</a></p>
        <p class="tagline">Inter-State Consultation Mechanisms on migration, in pictures</p>
      </div>
      <nav aria-label="Views">
        <ul>
        {links}
        </ul>
      </nav>
    </header>
    <main id="view" tabindex="-1" aria-live="polite">
      <p class="loading">Loading the atlas…</p>
      <noscript>The atlas draws its charts with JavaScript; the same data is served as GraphQL
        at <a href="/graphql">/graphql</a>.</noscript>
    </main>
    <footer class="colophon">
      <p>Every figure comes from this service's public GraphQL API
        (<a href="/graphql">explore it</a>); the meetings are also an
        <a href="/calendar.ics">iCalendar feed</a>. Charts: Observable Plot and d3 (ISC).
        Map outlines: Natural Earth (public domain), through world-atlas (ISC).</p>
    </footer>
    <script type="application/json" id="atlas-documents">{_documents_json()}</script>
    {scripts}
    <script type="module" src="{html.escape(served.url("main.js"))}"></script>
  </body>
</html>
"""


async def atlas(_: Request) -> Response:
    """Serve the atlas page."""
    return page_response(atlas_page())


async def serve_atlas_asset(request: Request) -> Response:
    """Serve one atlas file; under another release's version it must be revalidated."""
    served = bundle()
    asset = served.assets.get(request.path_params["path"])
    if asset is None:
        return not_found("atlas asset")
    if request.path_params["version"] != served.version:
        return await asset_response(request, asset, REVALIDATE)
    return await asset_response(request, asset)


async def redirect_to_atlas(_: Request) -> Response:
    """Send /atlas/ to /atlas."""
    return RedirectResponse("/atlas", status_code=308)


atlas_routes = [
    Route("/atlas", atlas, methods=["GET", "HEAD"]),
    Route("/atlas/", redirect_to_atlas, methods=["GET", "HEAD"]),
    Route(f"{ASSETS_PATH}/{{version}}/{{path:path}}", serve_atlas_asset, methods=["GET", "HEAD"]),
]
