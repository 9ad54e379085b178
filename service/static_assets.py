"""Vendored static files the service serves to browsers (the explorer's, the atlas's).

Each file is held in memory with a validator and served with a long cache lifetime: the pages
name their assets by content hash, so a new release changes the URL. Pages themselves are
revalidated and sent behind a policy that allows nothing from another origin.
"""

import gzip
import hashlib
from dataclasses import dataclass
from functools import cached_property

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from resolvers.errors import ErrorCode
from service.middleware import accepts_gzip, error_body

# Asset URLs carry their content hash, so a browser may keep them for good.
IMMUTABLE = "public, max-age=31536000, immutable"
# The pages load scripts, styles, images, fonts and data from the service alone. Inline styles
# are allowed because GraphiQL and the chart library set style attributes.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'"
)


@dataclass(frozen=True)
class Asset:
    """One vendored file, held in memory with its validator."""

    body: bytes
    media_type: str
    etag: str

    @classmethod
    def of(cls, body: bytes, media_type: str) -> "Asset":
        """Return the asset holding `body`, its ETag the body's SHA-256."""
        return cls(body, media_type, f'"{hashlib.sha256(body).hexdigest()}"')

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


def not_found(what: str) -> Response:
    """Return the JSON 404 of an asset that does not exist."""
    return Response(
        error_body(ErrorCode.NOT_FOUND, f"No such {what}."),
        status_code=404,
        media_type="application/json",
    )


async def asset_response(
    request: Request, asset: Asset, cache_control: str = IMMUTABLE
) -> Response:
    """Serve one asset with an ETag, compressed when the browser accepts gzip."""
    # Stored compressed, so the compression middleware (which skips encoded bodies) need not
    # compress a large bundle again for every browser.
    body, etag, encoding = asset.body, asset.etag, {}
    if accepts_gzip(request.scope):
        gzipped = await anyio.to_thread.run_sync(lambda: asset.gzipped)
        if len(gzipped) < len(asset.body):
            body, etag = gzipped, asset.gzip_etag
            encoding = {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
    headers = {"Cache-Control": cache_control, "ETag": etag, "X-Content-Type-Options": "nosniff"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=asset.media_type, headers={**headers, **encoding})


def page_response(page: str) -> Response:
    """Return an HTML page of ours, revalidated on every load, loading nothing from elsewhere."""
    return HTMLResponse(
        page,
        headers={
            "Cache-Control": "no-cache",
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
        },
    )
