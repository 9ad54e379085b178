"""Persisted queries: Apollo's automatic persisted queries (APQ) and the allow-list mode.

A request naming `extensions.persistedQuery = {version: 1, sha256Hash}`:
- without `query`: runs the stored document with that hash, or gets the error
  `PERSISTED_QUERY_NOT_FOUND` (Apollo clients then resend with the document);
- with `query`: runs it when the hash matches the document (else `BAD_USER_INPUT`), and then
  registers it, if it may be stored: it parses and validates within every limit, it is no
  longer than ISCM_PERSISTED_MAX_LENGTH, the request was not refused, and its client (API key
  or JWT subject, else address) has registrations left (ISCM_PERSISTED_REGISTRATIONS_PER_HOUR).
  A document that may not be stored still answers; it is simply not kept.
Documents live in PostgreSQL (`persisted_queries`) so every instance knows them, with an
in-process LRU in front (bounded in entries and bytes). Registrations beyond
ISCM_PERSISTED_MAX_ENTRIES are evicted least recently used first; allow-listed documents never
are. An anonymous GET by hash is cacheable (`Cache-Control: public`).

With ISCM_PERSISTED_ONLY=1 only allow-listed documents run (`iscm-graph persisted add`):
anything else, by hash or in full, is refused with `PERSISTED_QUERY_NOT_ALLOWED`.
"""

import hashlib
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import orjson
from graphql import GraphQLError, OperationDefinitionNode, parse, print_ast
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from db.lru import ByteLRU, text_bytes
from db.queries import persisted_queries as queries
from db.session import SessionFactory
from resolvers.context import ApiConfig
from resolvers.errors import ErrorCode
from schema import schema
from schema.admission import document_errors, parse_document
from service import metrics
from service.auth import principal_of
from service.explorer import examples
from service.logging import client_address
from service.middleware import error_body
from service.ratelimit import Buckets, Limit, buckets_for
from service.settings import Settings

# Where a POST's parsed JSON body is left for the GraphQL view, which need not parse it again.
GRAPHQL_PARAMS_KEY = "iscm_graph.graphql_params"

log = logging.getLogger("iscm_graph.persisted")

APQ_VERSION = 1
_SHA256 = re.compile(r"[0-9a-f]{64}")
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"  # what Apollo clients look for
# How the `operation_name` column lists a document's several operation names.
OPERATION_NAME_SEPARATOR = ", "
# A registration used from this process's LRU is marked used in the table at most this often.
MARK_USED_SECONDS = 600.0


def sha256_of(document: str) -> str:
    """Return the hex SHA-256 of a document, as APQ clients compute it."""
    return hashlib.sha256(document.encode()).hexdigest()


def normalised(document: str, config: ApiConfig | None = None) -> str | None:
    """Return the document printed canonically, or None when it does not parse (within the
    limits of `config`, for a document a client sent)."""
    try:
        return print_ast(parse_document(document, config) if config else parse(document))
    except GraphQLError:
        return None


def operation_names(document: str) -> list[str]:
    """Return the names of a document's named operations; raise GraphQLError if it does not parse."""
    return [
        definition.name.value
        for definition in parse(document).definitions
        if isinstance(definition, OperationDefinitionNode) and definition.name is not None
    ]


def stored_operation_names(column: str | None) -> list[str]:
    """Return the names an allow-listed document's `operation_name` column holds."""
    return column.split(OPERATION_NAME_SEPARATOR) if column else []


async def learn_operation_names(factory: SessionFactory) -> None:
    """Label metrics by the names of the explorer's examples and of allow-listed documents."""
    async with factory() as session:
        rows = await queries.allow_listed_queries(session)
    metrics.KNOWN_OPERATIONS.learn(
        [name for example in examples() for name in operation_names(example.query)]
        + [name for row in rows for name in stored_operation_names(row.operation_name)]
    )


def allow_list_variants(document: str) -> list[str]:
    """Return the texts to allow-list for a document: as written and as printed canonically.

    Clients hash the text they send; some send the file as written, others print it first.
    """
    return list(dict.fromkeys([document, normalised(document) or document]))


def joined_operation_names(document: str) -> str | None:
    """Return the `operation_name` column of a document to allow-list; raise GraphQLError if it
    does not parse."""
    return OPERATION_NAME_SEPARATOR.join(operation_names(document)) or None


async def allow_list(session: AsyncSession, document: str, operation_name: str | None) -> None:
    """Allow-list a document (as written and as printed canonically); the caller commits."""
    for variant in allow_list_variants(document):
        await queries.register(
            session, sha256_of(variant), variant, operation_name, allow_listed=True
        )


@dataclass
class Stored:
    """A known document, whether it is allow-listed, and when the table last heard it was used."""

    query: str
    allow_listed: bool
    marked_at: float = field(default_factory=time.monotonic)


class Refusal(Exception):
    """The request cannot run; answered with a GraphQL-shaped error."""

    def __init__(self, status: int, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class PersistedQueryStore:
    """Documents by hash: an LRU in this process in front of the shared table."""

    def __init__(self, lru_size: int, lru_bytes: int, max_entries: int) -> None:
        self._lru: ByteLRU[str, Stored] = ByteLRU("persisted", lru_bytes, max_entries=lru_size)
        self.max_entries = max_entries

    def _remember(self, sha256: str, stored: Stored) -> None:
        self._lru.put(sha256, stored, text_bytes(stored.query))

    async def find(
        self, factory: SessionFactory, sha256: str, *, need_allow_listed: bool = False
    ) -> Stored | None:
        """Return the document with this hash (re-read when the allow-list flag matters)."""
        cached = self._lru.get(sha256)
        if cached is not None and (cached.allow_listed or not need_allow_listed):
            if not cached.allow_listed and time.monotonic() - cached.marked_at > MARK_USED_SECONDS:
                async with factory() as session, session.begin():
                    await queries.mark_used(session, sha256)
                cached.marked_at = time.monotonic()
            return cached
        async with factory() as session:
            row = await queries.persisted_query(session, sha256)
            if row is not None and not row.allow_listed:
                await queries.mark_used(session, sha256)
                await session.commit()
        if row is None:
            return None
        if row.allow_listed:  # perhaps added since start-up
            metrics.KNOWN_OPERATIONS.learn(stored_operation_names(row.operation_name))
        stored = Stored(row.query, row.allow_listed)
        self._remember(sha256, stored)
        return stored

    async def register(self, factory: SessionFactory, sha256: str, query: str) -> None:
        """Store an APQ registration (not allow-listed), evicting beyond the bound."""
        async with factory() as session, session.begin():
            await queries.register(session, sha256, query, None, allow_listed=False)
            evicted = await queries.evict_registrations(session, self.max_entries)
        if evicted:
            log.info("persisted.evicted count=%s", evicted)
        self._remember(sha256, Stored(query, allow_listed=False))


def read_params(scope: Scope, body: bytes) -> dict[str, Any] | None:
    """Return the GraphQL request parameters, or None when they are not readable here."""
    if scope["method"] == "GET":
        params: dict[str, Any] = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        raw = params.get("extensions")
        if raw:
            try:
                params["extensions"] = orjson.loads(raw)
            except orjson.JSONDecodeError:
                return None  # the view reports the bad JSON
        return params
    try:
        data = orjson.loads(body) if body.strip() else None
    except orjson.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def requested_hash(params: dict[str, Any]) -> str | None:
    """Return the APQ hash the request names, None if none; raise Refusal when malformed."""
    extensions = params.get("extensions")
    if not isinstance(extensions, dict) or "persistedQuery" not in extensions:
        return None
    persisted = extensions["persistedQuery"]
    if not isinstance(persisted, dict) or persisted.get("version") != APQ_VERSION:
        raise Refusal(
            400, ErrorCode.BAD_USER_INPUT, "`extensions.persistedQuery` must have `version: 1`."
        )
    sha256 = persisted.get("sha256Hash")
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise Refusal(
            400,
            ErrorCode.BAD_USER_INPUT,
            "`extensions.persistedQuery.sha256Hash` must be 64 lower-case hex digits.",
        )
    return sha256


@dataclass(frozen=True)
class Resolved:
    """What a request runs: its document, the APQ hash it named, and whether to register it."""

    query: str | None
    sha256: str | None = None
    register: bool = False


class PersistedQueries:
    """Pure ASGI wrapper of the GraphQL route: resolve hashes, register, enforce the allow-list."""

    def __init__(self, app: ASGIApp, settings: Settings, buckets: Buckets | None = None) -> None:
        self.app = app
        self.persisted_only = settings.persisted_only
        self.max_age = settings.persisted_cache_max_age
        self.max_length = settings.persisted_max_length
        self.store = PersistedQueryStore(
            settings.persisted_lru_size, settings.cache_max_bytes, settings.persisted_max_entries
        )
        per_hour = settings.persisted_registrations_per_hour
        self.registrations = Limit(capacity=float(per_hour), per_second=per_hour / 3600.0)
        self.buckets = buckets or buckets_for(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Rewrite a persisted-query request into an ordinary one, or refuse it."""
        if scope["type"] != "http" or scope["method"] not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        body = await read_body(receive) if scope["method"] == "POST" else b""
        params = read_params(scope, body)
        replay = replaying(body)
        if params is None:
            await self.app(scope, replay, send)
            return
        factory: SessionFactory = scope["state"]["session_factory"]
        config: ApiConfig = scope["state"]["api_config"]
        try:
            resolved = await self.resolve(factory, params, config)
        except Refusal as refusal:
            await send_error(send, refusal)
            return
        if resolved.sha256 is None:
            if scope["method"] == "POST":
                scope[GRAPHQL_PARAMS_KEY] = params
            await self.app(scope, replay, send)
            return
        params["query"] = resolved.query
        status = StatusOf(send)
        if scope["method"] == "GET":
            scope = rewritten_get(scope, params)
            cacheable = self.max_age > 0 and "authorization" not in Headers(scope=scope)
            await self.app(scope, replay, self.cache_headers(status) if cacheable else status)
        else:
            new_body = orjson.dumps(params)
            scope = rewritten_post(scope, len(new_body))
            scope[GRAPHQL_PARAMS_KEY] = params
            await self.app(scope, replaying(new_body), status)
        if resolved.register and resolved.query is not None and resolved.sha256 is not None:
            await self.register(scope, factory, config, resolved.sha256, resolved.query, status)

    async def resolve(
        self, factory: SessionFactory, params: dict[str, Any], config: ApiConfig
    ) -> Resolved:
        """Return what the request runs; raise Refusal when it may not run."""
        sha256 = requested_hash(params)
        query = params.get("query") if isinstance(params.get("query"), str) else None
        if sha256 is None:
            if (
                self.persisted_only
                and query
                and not await self.allow_listed(factory, query, config)
            ):
                raise self.not_allowed()
            return Resolved(query)
        if query:
            if sha256_of(query) != sha256:
                metrics.PERSISTED.labels("refused").inc()
                raise Refusal(
                    400,
                    ErrorCode.BAD_USER_INPUT,
                    "`sha256Hash` is not the SHA-256 of `query`; the document was not stored.",
                )
            if self.persisted_only:
                if not await self.allow_listed(factory, query, config):
                    raise self.not_allowed()
                return Resolved(query, sha256)
            return Resolved(query, sha256, register=True)
        stored = await self.store.find(factory, sha256, need_allow_listed=self.persisted_only)
        if stored is None:
            metrics.PERSISTED.labels("miss").inc()
            if self.persisted_only:
                raise self.not_allowed()
            raise Refusal(200, ErrorCode.PERSISTED_QUERY_NOT_FOUND, NOT_FOUND_MESSAGE)
        if self.persisted_only and not stored.allow_listed:
            raise self.not_allowed()
        metrics.PERSISTED.labels("hit").inc()
        return Resolved(stored.query, sha256)

    async def register(
        self,
        scope: Scope,
        factory: SessionFactory,
        config: ApiConfig,
        sha256: str,
        query: str,
        status: "StatusOf",
    ) -> None:
        """Store a document that ran, if it may be stored (see the module's description)."""
        reason = None
        if status.code is None or status.code >= 400:
            reason = "request_refused"
        elif len(query) > self.max_length:
            reason = "too_long"
        elif document_errors(schema._schema, query, config):
            reason = "invalid"
        else:
            decision = await self.buckets.take("persisted:" + client_of(scope), self.registrations)
            if not decision.allowed:
                reason = "client_registrations"
        if reason is not None:
            log.info("persisted.not_registered reason=%s", reason)
            metrics.PERSISTED.labels("refused").inc()
            return
        await self.store.register(factory, sha256, query)
        metrics.PERSISTED.labels("registered").inc()

    async def allow_listed(self, factory: SessionFactory, query: str, config: ApiConfig) -> bool:
        """Whether this document, as sent or printed canonically, is on the allow-list."""
        hashes = [sha256_of(query)]
        printed = normalised(query, config)
        if printed is not None and printed != query:
            hashes.append(sha256_of(printed))
        for sha256 in hashes:
            stored = await self.store.find(factory, sha256, need_allow_listed=True)
            if stored is not None and stored.allow_listed:
                return True
        return False

    def not_allowed(self) -> Refusal:
        """Return the refusal of a document that is not on the allow-list."""
        metrics.PERSISTED.labels("refused").inc()
        return Refusal(
            400,
            ErrorCode.PERSISTED_QUERY_NOT_ALLOWED,
            "This server runs only allow-listed documents (ISCM_PERSISTED_ONLY); "
            "register this one with `iscm-graph persisted add`.",
        )

    def cache_headers(self, send: Send) -> Send:
        """Return `send` marking a successful response as publicly cacheable."""

        async def send_cacheable(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = MutableHeaders(scope=message)
                headers["Cache-Control"] = f"public, max-age={self.max_age}"
                headers.append("Vary", "Accept, Authorization")
            await send(message)

        return send_cacheable


def client_of(scope: Scope) -> str:
    """Who registers: the authenticated key or JWT subject, else the client address."""
    principal = principal_of(scope)
    if not principal.is_anonymous and principal.subject:
        return principal.subject
    return f"address:{client_address(scope) or 'unknown'}"


class StatusOf:
    """A `send` that remembers the status of the response it sends."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.code: int | None = None

    async def __call__(self, message: Message) -> None:
        """Note the status, pass the message on."""
        if message["type"] == "http.response.start":
            self.code = message["status"]
        await self.send(message)


async def read_body(receive: Receive) -> bytes:
    """Read the whole request body."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replaying(body: bytes) -> Receive:
    """Return a receive callable that hands `body` over once, then waits for nothing."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def rewritten_get(scope: Scope, params: dict[str, Any]) -> Scope:
    """Return the scope of a GET whose query string now carries the document."""
    query_string = {
        key: value if isinstance(value, str) else orjson.dumps(value).decode()
        for key, value in params.items()
        if value is not None
    }
    # The scope is changed in place: the middleware outside reads what the route adds to it.
    scope["query_string"] = urlencode(query_string).encode("latin-1")
    return scope


def rewritten_post(scope: Scope, length: int) -> Scope:
    """Return the scope of a POST whose body was replaced by one of `length` bytes."""
    headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"]
    headers.append((b"content-length", str(length).encode()))
    scope["headers"] = headers
    return scope


async def send_error(send: Send, refusal: Refusal) -> None:
    """Answer with a GraphQL-shaped error."""
    body = error_body(refusal.code, refusal.message)
    await send(
        {
            "type": "http.response.start",
            "status": refusal.status,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
