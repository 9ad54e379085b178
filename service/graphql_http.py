"""GraphQL over HTTP as its specification says: media types, status codes and request checks.

Strawberry's ASGI view runs the operations; this subclass decides what the HTTP exchange
around them looks like:

- the response media type follows Accept: `application/graphql-response+json` when asked
  for, `application/json` when asked for, for `*/*` and when Accept is absent; 406 otherwise;
- POST bodies must be `application/json` in UTF-8 (415 otherwise) holding one JSON object
  whose `query`, `operationName`, `variables` and `extensions` have the right types (400);
- GET runs queries only: a mutation over GET is 405 with `Allow: POST`;
- subscriptions are served over WebSocket only: one over HTTP is 400;
- a request error (unparsable or invalid document, variables that do not coerce, a limit)
  has no `data` entry; it is 400 under `application/graphql-response+json` and 200 under
  `application/json`, as the specification asks;
- anything refused before GraphQL runs gets a GraphQL-shaped JSON error body with a code;
- JSON is read and written by orjson; WebSocket messages go out as text frames, which the
  graphql-transport-ws protocol requires (browsers hand binary frames over as Blobs).
"""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar, overload

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException, StarletteRequestAdapter
from graphql import (
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    get_operation_ast,
)
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.unset import UNSET

from resolvers.context import ApiConfig, Context
from resolvers.errors import ErrorCode
from resolvers.request_record import current_record
from schema.admission import DocumentTooLong, parse_document
from schema.response_size import ResponseTooLarge
from service.middleware import RETRY_AFTER_SECONDS, error_body
from service.persisted import GRAPHQL_PARAMS_KEY

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
EXCHANGE_KEY = "iscm_graph.graphql_exchange"
NO_PARAMS: Mapping[str, str] = {}

_CODE_OF_STATUS = {
    400: ErrorCode.BAD_REQUEST,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    406: ErrorCode.NOT_ACCEPTABLE,
    413: ErrorCode.PAYLOAD_TOO_LARGE,
    415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
}


class HttpProblem(Exception):
    """A request refused before GraphQL ran."""

    def __init__(
        self,
        status: int,
        code: ErrorCode,
        message: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


@dataclass
class Exchange:
    """What one request settled about its response: media type and status."""

    media_type: str = JSON
    status: int | None = None


def parse_media_type(value: str) -> tuple[str, dict[str, str]]:
    """Split `type/subtype; key=value` into the lower-cased type and its parameters."""
    media_type, *parameters = value.split(";")
    params = {}
    for parameter in parameters:
        key, _, raw = parameter.partition("=")
        params[key.strip().lower()] = raw.strip().strip('"')
    return media_type.strip().lower(), params


def _quality(params: dict[str, str]) -> float:
    try:
        return min(max(float(params.get("q", "1")), 0.0), 1.0)
    except ValueError:
        return 0.0


@lru_cache(maxsize=256)  # clients send the same few Accept headers again and again
def negotiate(accept: str | None) -> str | None:
    """Return the response media type Accept prefers, or None when it allows neither.

    An exact match beats `application/*`, which beats `*/*`; among exact matches the
    GraphQL response type wins, among wildcards plain JSON (what older clients expect).
    """
    if accept is None or not accept.strip():
        return JSON
    best: tuple[float, int, bool] = (0.0, -1, False)
    chosen = None
    for media_range in accept.split(","):
        if not media_range.strip():
            continue
        media_type, params = parse_media_type(media_range)
        quality = _quality(params)
        for offered in (GRAPHQL_RESPONSE_JSON, JSON):
            if media_type == offered:
                specificity, preferred = 2, offered == GRAPHQL_RESPONSE_JSON
            elif media_type in ("application/*", "*/*"):
                specificity = 1 if media_type == "application/*" else 0
                preferred = offered == JSON
            else:
                continue
            rank = (quality, specificity, preferred)
            if quality > 0 and rank > best:
                best, chosen = rank, offered
    return chosen


@lru_cache(maxsize=256)  # a refusal raises, and is not cached
def check_content_type(content_type: str | None) -> None:
    """Refuse a POST body that is not JSON in UTF-8 (415)."""
    if not content_type:
        raise HttpProblem(
            415,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            "POST requests need `Content-Type: application/json`.",
        )
    media_type, params = parse_media_type(content_type)
    if media_type != JSON:
        raise HttpProblem(
            415,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            f"Content type {media_type!r} is not supported; send `application/json`.",
        )
    charset = params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise HttpProblem(
            415,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            f"Charset {charset!r} is not supported; send UTF-8.",
        )


def bad_request(message: str) -> HttpProblem:
    """Return the 400 problem of a request that is not a well-formed GraphQL request."""
    return HttpProblem(400, ErrorCode.BAD_REQUEST, message)


def request_data(data: Any) -> GraphQLRequestData:
    """Check the parameters of a GraphQL request and return them."""
    if not isinstance(data, dict):
        raise bad_request("The request body must be one JSON object (batches are not supported).")
    query = data.get("query")
    if not isinstance(query, str) or not query.strip():
        raise bad_request("`query` must be a non-empty string holding a GraphQL document.")
    expected = {"operationName": str, "variables": dict, "extensions": dict}
    for name, kind in expected.items():
        value = data.get(name)
        if value is not None and not isinstance(value, kind):
            wanted = "a string" if kind is str else "an object"
            raise bad_request(f"`{name}` must be {wanted} or null.")
    return GraphQLRequestData(
        query=query,
        variables=data.get("variables"),
        operation_name=data.get("operationName"),
        extensions=data.get("extensions"),
    )


def selected_operation(
    request: GraphQLRequestData, config: ApiConfig
) -> OperationDefinitionNode | GraphQLError | None:
    """Return the operation the request selects, the error selecting it, or None if unparsable.

    Strawberry runs the first operation when a document holds several and names none; the
    specification asks for a request error, which this returns. A document too long to parse
    is refused here too, before Strawberry sees it.
    """
    try:
        document = parse_document(request.query or "", config)
    except DocumentTooLong as refusal:
        return refusal
    except GraphQLError:
        return None  # GraphQL reports the syntax error itself
    operation = get_operation_ast(document, request.operation_name)
    if operation is not None:
        return operation
    if request.operation_name is not None:
        message = f"Unknown operation named {request.operation_name!r}."
    else:
        message = "Must provide operation name if query contains multiple operations."
    return GraphQLError(message, extensions={"code": ErrorCode.OPERATION_RESOLUTION_FAILURE.value})


def is_request_error(result: ExecutionResult) -> bool:
    """Whether GraphQL refused the request before running any field."""
    if isinstance(result, PreExecutionError):
        return True
    return (
        result.data is None
        and bool(result.errors)
        and all(e.path is None for e in result.errors or ())
    )


def exchange_of(request: Request) -> Exchange:
    """Return the request's Exchange, creating it on first use."""
    exchange = request.scope.get(EXCHANGE_KEY)
    if exchange is None:
        exchange = request.scope[EXCHANGE_KEY] = Exchange()
    return exchange


def problem_response(problem: HttpProblem, media_type: str) -> Response:
    """Render a refused request as a GraphQL-shaped JSON error."""
    return Response(
        error_body(problem.code, problem.message),
        status_code=problem.status,
        headers=problem.headers,
        media_type=f"{media_type}; charset=utf-8",
    )


class TextFrameWebSocket(ASGIWebSocketAdapter):
    """Strawberry's WebSocket adapter, sending every message as a text frame.

    Strawberry sends bytes as binary frames, and our JSON encoder returns bytes: the reference
    `graphql-ws` client (Apollo Client, urql, GraphiQL) then fails on a Blob.
    """

    async def send_json(self, message: Mapping[str, object]) -> None:
        """Send one protocol message as a JSON text frame."""
        try:
            encoded = self.view.encode_json(message)
            await self.ws.send_text(encoded if isinstance(encoded, str) else encoded.decode())
        except WebSocketDisconnect as error:
            raise WebSocketDisconnected from error


class ScopedAdapter(StarletteRequestAdapter):
    """Strawberry's request adapter, with the ASGI scope the layers outside wrote into."""

    @property
    def scope(self) -> Scope:
        """The request's ASGI scope."""
        return self._request.scope


class GraphQLOverHttp(GraphQL[Context, None]):
    """Strawberry's ASGI view, speaking GraphQL over HTTP as the specification says."""

    allowed_methods: ClassVar[tuple[str, ...]] = ("GET", "POST")
    request_adapter_class = ScopedAdapter
    websocket_adapter_class = TextFrameWebSocket

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one request; a refused request gets a JSON error, never a plain text one."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await self.run(request)
        except HttpProblem as problem:
            response = problem_response(problem, exchange_of(request).media_type)
        except HTTPException as error:
            code = _CODE_OF_STATUS.get(error.status_code, ErrorCode.BAD_REQUEST)
            refusal = HttpProblem(error.status_code, code, error.reason)
            response = problem_response(refusal, exchange_of(request).media_type)
        await response(scope, receive, send)

    @overload
    async def run(
        self, request: Request, context: Context = UNSET, root_value: None = UNSET
    ) -> Response: ...

    @overload
    async def run(
        self, request: WebSocket, context: Context = UNSET, root_value: None = UNSET
    ) -> WebSocket: ...

    async def run(
        self, request: Request | WebSocket, context: Context = UNSET, root_value: None = UNSET
    ) -> Response | WebSocket:
        """Check method, Accept and Content-Type, run the operation, then set type and status."""
        if isinstance(request, WebSocket):
            # Subscriptions (graphql-transport-ws): none of the HTTP exchange rules apply.
            return await super().run(request, context, root_value)
        exchange = exchange_of(request)
        if request.method not in self.allowed_methods:
            raise HttpProblem(
                405,
                ErrorCode.METHOD_NOT_ALLOWED,
                f"GraphQL is served over {' and '.join(self.allowed_methods)}.",
                headers={"Allow": ", ".join(self.allowed_methods)},
            )
        if self.should_render_graphql_ide(self.request_adapter_class(request)):
            return await super().run(request, context, root_value)
        media_type = negotiate(request.headers.get("accept"))
        if media_type is None:
            raise HttpProblem(
                406,
                ErrorCode.NOT_ACCEPTABLE,
                f"Responses are {GRAPHQL_RESPONSE_JSON} or {JSON}; Accept allows neither.",
            )
        exchange.media_type = media_type
        if request.method == "POST":
            check_content_type(request.headers.get("content-type"))
        data = await self.direct_data(request)
        if data is not None:
            return self.within_ceiling(request, Response(b'{"data":' + data + b"}"), media_type)
        response = await super().run(request, context, root_value)
        if exchange.status is not None:
            response.status_code = exchange.status
            if exchange.status == 503:
                response.headers["retry-after"] = str(RETRY_AFTER_SECONDS)
        return self.within_ceiling(request, response, media_type)

    async def direct_data(self, request: Request) -> bytes | None:
        """The answer's `data` as JSON, for a request answered without running the operation
        through Strawberry, or None (the default: an app that can overrides it)."""
        return None

    def max_response_bytes(self, request: Request) -> int | None:
        """Return the largest body an answer may have, or None for no limit (the default: an
        app with settings overrides it)."""
        return None

    def within_ceiling(self, request: Request, response: Response, media_type: str) -> Response:
        """Return `response`, or the RESPONSE_TOO_LARGE answer when its body is over the
        ceiling (execution stops early on its own estimate; this is the exact check)."""
        maximum = self.max_response_bytes(request)
        if maximum is not None and len(response.body) > maximum:
            refusal = ResponseTooLarge(maximum)
            record = current_record()
            if record is not None:
                record.error_codes = [ErrorCode.RESPONSE_TOO_LARGE.value]
            response = Response(
                orjson.dumps(
                    {
                        "data": None,
                        "errors": [{"message": refusal.message, "extensions": refusal.extensions}],
                    }
                )
            )
        response.headers["content-type"] = f"{media_type}; charset=utf-8"
        return response

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData:
        """Read the request's parameters from the query string (GET) or the JSON body (POST);
        a POST body the persisted-query layer has read already is not read again."""
        read = request.scope.get(GRAPHQL_PARAMS_KEY) if isinstance(request, ScopedAdapter) else None
        if read is not None and request.method == "POST":
            return request_data(read)
        return await self.request_parameters(request.method, request.query_params, request.get_body)

    async def request_parameters(
        self,
        method: str,
        params: Mapping[str, str | None],
        get_body: Callable[[], Awaitable[bytes]],
    ) -> GraphQLRequestData:
        """Check and return the parameters of a GET (query string) or POST (body) request."""
        if method == "GET":
            return request_data(
                {
                    "query": params.get("query"),
                    "operationName": params.get("operationName") or None,
                    "variables": self._json_parameter(params.get("variables"), "variables"),
                    "extensions": self._json_parameter(params.get("extensions"), "extensions"),
                }
            )
        body = await get_body()
        if not body.strip():
            raise bad_request("The request body is empty; send a JSON object with `query`.")
        return request_data(self._decode(body, "The request body is not valid JSON."))

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Refuse mutations over GET (405), subscriptions over HTTP and unchosen operations."""
        operation = selected_operation(request_data, context.config)
        if isinstance(operation, GraphQLError):
            return PreExecutionError(data=None, errors=[operation])
        kind = operation.operation if operation is not None else None
        if kind is OperationType.MUTATION and request_adapter.method == "GET":
            raise HttpProblem(
                405,
                ErrorCode.METHOD_NOT_ALLOWED,
                "Mutations are served over POST only.",
                headers={"Allow": "POST"},
            )
        if kind is OperationType.SUBSCRIPTION:
            raise bad_request(
                "Subscriptions are served over WebSocket (graphql-transport-ws) at this URL."
            )
        return await super().execute_single(
            request, request_adapter, sub_response, context, root_value, request_data
        )

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """Leave `data` out of request errors and set the status the media type asks for.

        A database outage is 503 under either media type: the request was fine, the
        service is not, and clients and proxies should treat it as such.
        """
        response = await super().process_result(request, result)
        codes = {(error.extensions or {}).get("code") for error in result.errors or ()}
        exchange = exchange_of(request)
        if ErrorCode.SERVICE_UNAVAILABLE.value in codes:
            exchange.status = 503
        if not is_request_error(result):
            return response
        response.pop("data", None)
        if exchange.media_type == GRAPHQL_RESPONSE_JSON and exchange.status is None:
            internal = ErrorCode.INTERNAL_SERVER_ERROR.value in codes
            exchange.status = 500 if internal else 400
        return response

    def encode_json(self, data: object) -> bytes:
        """Serialise a response with orjson."""
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        """Parse JSON with orjson."""
        return orjson.loads(data)

    def _json_parameter(self, raw: str | None, name: str) -> Any:
        if raw is None or not raw.strip():
            return None
        return self._decode(raw, f"`{name}` is not valid JSON.")

    def _decode(self, raw: str | bytes, message: str) -> Any:
        try:
            return self.decode_json(raw)
        except orjson.JSONDecodeError:
            raise bad_request(message) from None
