"""Authentication: turn `Authorization: Bearer <token>` into the request's principal, in one place.

No header means the anonymous principal. A header that does not authenticate (malformed,
unknown, revoked or expired token) refuses the whole request at HTTP level: status 401,
`WWW-Authenticate: Bearer error="invalid_token"`, and a GraphQL-shaped body whose one error has
`extensions.code = UNAUTHENTICATED`. A client that sends credentials learns at once that they
are wrong rather than silently reading as anonymous.

Tokens starting `iscm_` are API keys; anything else is verified as a JWT when JWT
authentication is configured (ISCM_JWT_JWKS_URL or ISCM_JWT_PUBLIC_KEY).
"""

import logging
import time
from collections.abc import Mapping
from typing import Any

import httpx
import jwt
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.exceptions import ConnectionRejectionError

from db.queries import api_keys as api_key_queries
from db.session import RequestSession
from resolvers.context import Context
from resolvers.errors import ErrorCode
from resolvers.principal import ANONYMOUS, Principal, Role
from schema.text_inputs import NUL
from service.api_keys import TOKEN_PREFIX, key_id_of, principal_for_key
from service.middleware import header_of
from service.settings import Settings

log = logging.getLogger("iscm_graph.auth")

PRINCIPAL_KEY = "iscm_graph.principal"
JWT_SUBJECT_PREFIX = "jwt:"
# Asymmetric algorithms only: a shared-secret algorithm would let a public key sign tokens.
JWT_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"]
JWKS_TTL_SECONDS = 300.0
JWKS_REFRESH_FLOOR_SECONDS = 30.0
JWKS_TIMEOUT_SECONDS = 5.0
# The roles a token may grant, least privileged first.
GRANTABLE_ROLES = (Role.PARTNER, Role.EDITOR, Role.ADMIN)
# Clock skew allowed between the token's issuer and this service, on `exp`, `nbf` and `iat`.
JWT_LEEWAY_SECONDS = 30


class AuthenticationFailed(Exception):
    """The credentials presented do not authenticate; the message is safe to show."""


class JwksCache:
    """The JWKS document, fetched over HTTP and cached; refetched when a key id is unknown."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._keys: jwt.PyJWKSet | None = None
        self._fetched_at = 0.0
        self._client = httpx.AsyncClient(timeout=JWKS_TIMEOUT_SECONDS)

    async def _refresh(self) -> None:
        response = await self._client.get(self.url)
        response.raise_for_status()
        self._keys = jwt.PyJWKSet.from_dict(response.json())
        self._fetched_at = time.monotonic()

    async def key_for(self, kid: str | None) -> Any:
        """Return the verification key with id `kid` (the only key when there is one)."""
        age = time.monotonic() - self._fetched_at
        if self._keys is None or age > JWKS_TTL_SECONDS:
            await self._refresh()
        key = self._find(kid)
        if key is None and time.monotonic() - self._fetched_at > JWKS_REFRESH_FLOOR_SECONDS:
            await self._refresh()
            key = self._find(kid)
        if key is None:
            raise AuthenticationFailed("the token was signed with an unknown key")
        return key.key

    def _find(self, kid: str | None) -> jwt.PyJWK | None:
        assert self._keys is not None
        keys = self._keys.keys
        if kid is None:
            return keys[0] if len(keys) == 1 else None
        return next((key for key in keys if key.key_id == kid), None)

    async def close(self) -> None:
        """Close the HTTP client."""
        await self._client.aclose()


class Authenticator:
    """Resolves bearer tokens (API keys, and JWTs when configured) into principals."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._jwks = JwksCache(settings.jwt_jwks_url) if settings.jwt_jwks_url else None
        self._public_key = settings.jwt_public_key

    @property
    def accepts_jwt(self) -> bool:
        """Whether JWT authentication is configured."""
        return self._jwks is not None or bool(self._public_key)

    async def principal(self, authorization: str | None, db: RequestSession) -> Principal:
        """Return who `authorization` (a header value, or None) names; raise when it is bad."""
        if authorization is None:
            return ANONYMOUS
        scheme, _, token = authorization.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise AuthenticationFailed("use `Authorization: Bearer <token>`")
        async with db.use() as session:
            if token.startswith(TOKEN_PREFIX):
                principal = await principal_for_key(session, token)
                if principal is None:
                    log.info("auth.refused key_id=%s", key_id_of(token) or "malformed")
                    raise AuthenticationFailed("the API key is unknown or revoked")
                return principal
            if not self.accepts_jwt:
                raise AuthenticationFailed("the token is not an iscm-graph API key")
            return await self._principal_for_jwt(session, token)

    async def _principal_for_jwt(self, session: AsyncSession, token: str) -> Principal:
        claims = await self.verify_jwt(token)
        role = role_granted(claims.get(self.settings.jwt_role_claim), self.settings.jwt_role_claim)
        slugs = claims.get(self.settings.jwt_iscms_claim) or []
        if isinstance(slugs, str):
            slugs = slugs.split()
        if not is_list_of_text(slugs):
            raise AuthenticationFailed(
                f"the token's `{self.settings.jwt_iscms_claim}` claim must list ISCM slugs"
            )
        subject, name = claims["sub"], claims.get("name")
        if not is_text(subject):  # it is written to the audit trail
            raise AuthenticationFailed("the token's `sub` claim must be text without NUL")
        known = await api_key_queries.iscm_ids_by_slugs(session, slugs) if slugs else {}
        return Principal(
            role=role,
            subject=f"{JWT_SUBJECT_PREFIX}{subject}",
            display=name if is_text(name) and name else subject,
            iscm_ids=frozenset(known.values()),
            valid_until=float(claims["exp"]) + JWT_LEEWAY_SECONDS,
        )

    async def verify_jwt(self, token: str) -> dict[str, Any]:
        """Return the claims of a JWT whose signature, issuer, audience and times check out."""
        try:
            header = jwt.get_unverified_header(token)
            if self._jwks is not None:
                key = await self._jwks.key_for(header.get("kid"))
            else:
                key = self._public_key
            return jwt.decode(
                token,
                key=key,
                algorithms=JWT_ALGORITHMS,
                issuer=self.settings.jwt_issuer,
                audience=self.settings.jwt_audience,
                options={
                    "require": ["exp", "sub"],
                    "verify_aud": self.settings.jwt_audience is not None,
                    "verify_iss": self.settings.jwt_issuer is not None,
                },
                leeway=JWT_LEEWAY_SECONDS,
            )
        except jwt.PyJWTError as error:
            log.info("auth.refused jwt reason=%s", type(error).__name__)
            raise AuthenticationFailed(f"the token is not valid: {error}") from None
        except (httpx.HTTPError, ValueError) as error:
            log.warning("auth.jwks_unavailable error=%s", type(error).__name__)
            raise AuthenticationFailed("the token's signing keys could not be fetched") from None

    async def close(self) -> None:
        """Release the JWKS client."""
        if self._jwks is not None:
            await self._jwks.close()


def is_text(value: Any) -> bool:
    """Whether a claim is a string a database text column can hold: UTF-8 without NUL."""
    if not isinstance(value, str) or NUL in value:
        return False
    try:
        value.encode()
    except UnicodeEncodeError:  # a lone surrogate, which JSON escapes allow
        return False
    return True


def is_list_of_text(value: Any) -> bool:
    """Whether a claim is a list of strings a database text column can hold."""
    return isinstance(value, list) and all(is_text(item) for item in value)


def role_granted(claim: Any, claim_name: str) -> Role:
    """Return the role a token's role claim grants.

    The claim is one role name, or a list of names as many identity providers send them
    (names other than partner, editor and admin ignored): the list grants the most
    privileged role it names, since each role may do all that the ones below it may.
    Any other shape, or no known role, refuses the token.
    """
    names = [claim] if isinstance(claim, str) else [] if claim is None else claim
    if not is_list_of_text(names):
        raise AuthenticationFailed(
            f"the token's `{claim_name}` claim must be a role name or a list of role names"
        )
    granted = [role for role in GRANTABLE_ROLES if role.value in names]
    if not granted:
        raise AuthenticationFailed(
            f"the token's `{claim_name}` claim names no known role "
            f"({', '.join(role.value for role in GRANTABLE_ROLES)})"
        )
    return granted[-1]


def unauthenticated_body(message: str) -> dict[str, Any]:
    """Return the GraphQL-shaped body of a refused request."""
    return {
        "data": None,
        "errors": [{"message": message, "extensions": {"code": ErrorCode.UNAUTHENTICATED.value}}],
    }


def principal_of(scope: Mapping[str, Any]) -> Principal:
    """Return the principal Authenticate attached to the request (anonymous when none)."""
    return scope.get(PRINCIPAL_KEY, ANONYMOUS)


def authorization_of(headers: Mapping[str, str], params: Mapping[str, Any] | None) -> str | None:
    """Return the Authorization value of a WebSocket: from `connection_init`, else the handshake."""
    for name in ("Authorization", "authorization"):
        value = (params or {}).get(name)
        if isinstance(value, str):
            return value
    return headers.get("authorization")


class Authenticate:
    """Pure ASGI wrapper: attach the principal to every HTTP request, or answer 401."""

    def __init__(self, app: ASGIApp, *, session_key: str) -> None:
        self.app = app
        self.session_key = session_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Authenticate HTTP requests; WebSockets authenticate on `connection_init`."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = header_of(scope, b"authorization")
        if header is None:
            await self.app(scope, receive, send)
            return
        authenticator: Authenticator = scope["state"]["authenticator"]
        try:
            scope[PRINCIPAL_KEY] = await authenticator.principal(header, scope[self.session_key])
        except AuthenticationFailed as failure:
            response = JSONResponse(
                unauthenticated_body(str(failure)),
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def websocket_principal(context: Context) -> Principal:
    """Return who a WebSocket's credentials (`connection_init`, else the handshake) name now.

    Raises AuthenticationFailed when they do not (or no longer do: a revoked key, an expired
    token). The socket may stay open for hours: its database connection is released after.
    """
    request = context.request
    authenticator: Authenticator = request.state.authenticator
    header = authorization_of(request.headers, context.connection_params)
    try:
        return await authenticator.principal(header, context.db)
    finally:
        async with context.db.use() as session:
            await session.rollback()


async def authenticate_websocket(context: Context) -> None:
    """Set a WebSocket's principal from its credentials; refuse bad ones.

    A refused connection is closed with code 4403 before `connection_ack`.
    """
    try:
        context.principal = await websocket_principal(context)
    except AuthenticationFailed as failure:
        log.info("auth.websocket_refused reason=%s", failure)
        raise ConnectionRejectionError({"code": ErrorCode.UNAUTHENTICATED.value}) from None
