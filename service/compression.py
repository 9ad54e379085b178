"""gzip for answers of at least ISCM_COMPRESS_MIN_BYTES, to clients that accept it.

What Starlette's GZipMiddleware does, as one layer that costs a request little: a client that
does not accept gzip gets no wrapped `send` at all, and one that does gets a small object
deciding on the first body message. Left as they are: answers below the minimum, partial
content (206), answers encoded already (the explorer's precompressed bundle), excluded media
types (images, archives, event streams, multipart: a stream is never held back). Bodies of
128 KiB and more compress in a worker thread, off the event loop.
"""

import asyncio
import zlib

from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# zlib's default: close to the best ratio on JSON at a fraction of level 9's time.
LEVEL = 6
# Streams are sent as they are produced, never held back to be compressed.
NOT_COMPRESSED = frozenset((*DEFAULT_EXCLUDED_CONTENT_TYPES, "multipart/mixed"))
THREAD_MINIMUM_BYTES = 128 * 1024
GZIP_WBITS = 16 + zlib.MAX_WBITS


def accepts_gzip(scope: Scope) -> bool:
    """Whether the request's Accept-Encoding names gzip."""
    return any(name == b"accept-encoding" and b"gzip" in value for name, value in scope["headers"])


def excluded(media_type: bytes) -> bool:
    """Whether answers of `media_type` (a Content-Type value) are sent as they are."""
    kind = media_type.decode("latin-1").partition(";")[0].strip().lower()
    return kind in NOT_COMPRESSED or f"{kind.partition('/')[0]}/*" in NOT_COMPRESSED


class Compression:
    """Pure ASGI middleware: gzip HTTP answers (see the module); WebSockets pass."""

    def __init__(self, app: ASGIApp, *, minimum_size: int, level: int = LEVEL) -> None:
        self.app = app
        self.minimum_size = minimum_size
        self.level = level

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Compress this request's answer if the client accepts gzip."""
        if scope["type"] != "http" or not accepts_gzip(scope):
            await self.app(scope, receive, send)
            return
        answer = GzipAnswer(send, self.minimum_size, self.level)
        await self.app(scope, receive, answer.send)


class GzipAnswer:
    """One answer on its way out: held at its start until the first body says how to send it."""

    __slots__ = ("_compressor", "_level", "_minimum", "_send", "_start", "_through")

    def __init__(self, send: Send, minimum_size: int, level: int) -> None:
        self._send = send
        self._minimum = minimum_size
        self._level = level
        self._start: Message | None = None
        self._through = False  # sent as it is
        self._compressor: zlib._Compress | None = None

    async def send(self, message: Message) -> None:
        """Pass, hold or compress one ASGI message."""
        kind = message["type"]
        if kind == "http.response.start":
            self._start = message
            return
        start, self._start = self._start, None
        if kind != "http.response.body" or self._through:
            if start is not None:
                await self._send(start)
            await self._send(message)
            return
        body: bytes = message.get("body", b"")
        more: bool = message.get("more_body", False)
        if start is not None:
            if not self._compressible(start, body, more):
                self._through = True
                await self._send(start)
                await self._send(message)
                return
            self._compressor = zlib.compressobj(self._level, zlib.DEFLATED, GZIP_WBITS)
            compressed = await self._compress(body, more)
            await self._send(self._gzip_start(start, None if more else len(compressed)))
        else:
            compressed = await self._compress(body, more)
        await self._send({"type": "http.response.body", "body": compressed, "more_body": more})

    def _compressible(self, start: Message, body: bytes, more: bool) -> bool:
        if start["status"] == 206 or (not more and len(body) < self._minimum):
            return False
        for name, value in start.get("headers", ()):
            if name.lower() == b"content-encoding":
                return False
            if name.lower() == b"content-type" and excluded(value):
                return False
        return True

    async def _compress(self, body: bytes, more: bool) -> bytes:
        if len(body) >= THREAD_MINIMUM_BYTES:
            return await asyncio.to_thread(self._compressed, body, more)
        return self._compressed(body, more)

    def _compressed(self, body: bytes, more: bool) -> bytes:
        compressor = self._compressor
        assert compressor is not None
        # A streamed part is flushed whole: a client reads each part as it arrives.
        return compressor.compress(body) + compressor.flush(
            zlib.Z_SYNC_FLUSH if more else zlib.Z_FINISH
        )

    def _gzip_start(self, start: Message, length: int | None) -> Message:
        """The start message with the encoding, the length (when known) and Vary."""
        headers = []
        vary = b"Accept-Encoding"
        for name, value in start.get("headers", ()):
            lowered = name.lower()
            if lowered == b"content-length":
                continue
            if lowered == b"vary":
                vary = value if b"accept-encoding" in value.lower() else value + b", " + vary
                continue
            headers.append((name, value))
        headers.append((b"content-encoding", b"gzip"))
        headers.append((b"vary", vary))
        if length is not None:
            headers.append((b"content-length", str(length).encode()))
        return {**start, "headers": headers}
