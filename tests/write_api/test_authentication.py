"""Authentication: API keys (hashed, revocable) and JWTs (public key or JWKS over HTTP)."""

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import select

from db import models
from db.queries.api_keys import revoke_key
from db.session import RequestSession
from resolvers.principal import Role
from service.api_keys import KeyRequestError, create_key, key_id_of, token_hash
from service.auth import AuthenticationFailed, Authenticator
from service.middleware import REQUEST_ID_HEADER
from service.settings import Settings
from tests.in_process import app_client
from tests.write_api.support import AUDIENCE, ISSUER, WriteClient, public_pem, token_for

QUERY = "{ gcmObjectives { number } }"


def assert_refused(response) -> None:
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    body = response.json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]


async def test_a_key_is_stored_only_as_its_hash(session):
    # when
    created = await create_key(
        session, name="Bali Process RSO", role="partner", iscm_slugs=["bali-process"]
    )

    # then
    assert created.token.startswith(f"iscm_{created.key_id}_")
    assert key_id_of(created.token) == created.key_id
    row = (
        await session.execute(select(models.ApiKey).where(models.ApiKey.key_id == created.key_id))
    ).scalar_one()
    assert row.secret_hash == token_hash(created.token)
    assert created.token not in {row.secret_hash, row.name, row.key_id}


async def test_a_valid_key_is_accepted_and_no_header_is_anonymous(session, client):
    token = (
        await create_key(session, name="RSO", role="partner", iscm_slugs=["bali-process"])
    ).token
    for caller in (WriteClient(client, token), WriteClient(client)):
        response = await caller.post(QUERY)
        assert response.status_code == 200
        assert len(response.json()["data"]["gcmObjectives"]) == 23


@pytest.mark.parametrize(
    "header",
    [
        "Bearer iscm_0123456789ab_" + "A" * 43,  # well formed, unknown
        "Bearer iscm_short",  # malformed key
        "Bearer not-a-key-and-no-jwt-configured",
        "Basic dXNlcjpwYXNz",  # not a bearer token
        "Bearer ",
    ],
)
async def test_bad_credentials_refuse_the_whole_request(client, header):
    response = await client.post(
        "/graphql", json={"query": QUERY}, headers={"Authorization": header}
    )
    assert_refused(response)


async def test_a_wrong_secret_for_a_real_key_id_is_refused(session, client):
    token = (await create_key(session, name="RSO", role="editor", iscm_slugs=[])).token
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert_refused(await WriteClient(client, forged).post(QUERY))


async def test_revocation_takes_effect_on_the_next_request(session, client):
    # given a key that works
    created = await create_key(session, name="RSO", role="editor", iscm_slugs=[])
    caller = WriteClient(client, created.token)
    assert (await caller.post(QUERY)).status_code == 200

    # when it is revoked
    assert await revoke_key(session, created.key_id) is True

    # then the very next request is refused
    assert_refused(await caller.post(QUERY))
    assert await revoke_key(session, created.key_id) is False


@pytest.mark.parametrize(
    ("role", "iscms", "message"),
    [
        ("partner", [], "needs at least one --iscm"),
        ("partner", ["no-such-iscm"], "unknown ISCM slug"),
        ("owner", [], "unknown role"),
    ],
)
async def test_key_requests_that_cannot_work_are_refused(session, role, iscms, message):
    with pytest.raises(KeyRequestError, match=message):
        await create_key(session, name="x", role=role, iscm_slugs=iscms)


# --- JWT ---


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def jwks_server(rsa_key) -> Iterator[str]:
    """A local HTTP server publishing the key as a JWKS document (kid k1)."""
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(rsa_key.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    server.shutdown()
    server.server_close()


async def iscm_id(session, slug: str) -> int:
    return (
        await session.execute(select(models.Iscm.id).where(models.Iscm.slug == slug))
    ).scalar_one()


async def test_a_jwt_checked_against_a_public_key_gives_role_and_iscms(
    database_url, session, session_factory, rsa_key
):
    settings = Settings(
        database_url=database_url,
        jwt_public_key=public_pem(rsa_key),
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
    )
    authenticator = Authenticator(settings)
    db = RequestSession(session_factory)
    try:
        principal = await authenticator.principal(f"Bearer {token_for(rsa_key)}", db)
    finally:
        await db.close()
        await authenticator.close()
    assert principal.role is Role.PARTNER
    assert principal.subject == "jwt:user-42"
    # Unknown slugs in the claim are ignored; known ones become ISCM ids.
    assert principal.iscm_ids == {await iscm_id(session, "bali-process")}


async def test_a_jwt_checked_against_a_jwks_fetched_over_http(
    database_url, session_factory, rsa_key, jwks_server
):
    settings = Settings(
        database_url=database_url,
        jwt_jwks_url=jwks_server,
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
        jwt_role_claim="https://iscm-graph/role",
    )
    authenticator = Authenticator(settings)
    db = RequestSession(session_factory)
    try:
        good = token_for(rsa_key, role=None, **{"https://iscm-graph/role": "editor"})
        principal = await authenticator.principal(f"Bearer {good}", db)
        assert principal.role is Role.EDITOR
        with pytest.raises(AuthenticationFailed, match="unknown key"):
            await authenticator.principal(f"Bearer {token_for(rsa_key, kid='other')}", db)
    finally:
        await db.close()
        await authenticator.close()


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"exp": int(time.time()) - 3600}, "expired"),
        ({"aud": "someone-else"}, "(?i)audience"),
        ({"iss": "https://evil.example/"}, "(?i)issuer"),
        ({"role": "overlord"}, "no known role"),
        ({"role": None}, "no known role"),
        ({"iscms": 42}, "must list ISCM slugs"),
        ({"sub": None}, "sub"),
    ],
)
async def test_jwts_that_do_not_check_out_are_refused(
    database_url, session_factory, rsa_key, claims, reason
):
    settings = Settings(
        database_url=database_url,
        jwt_public_key=public_pem(rsa_key),
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
    )
    authenticator = Authenticator(settings)
    db = RequestSession(session_factory)
    try:
        with pytest.raises(AuthenticationFailed, match=reason):
            await authenticator.principal(f"Bearer {token_for(rsa_key, **claims)}", db)
    finally:
        await db.close()


async def test_a_token_signed_with_a_shared_secret_is_refused(
    database_url, session_factory, rsa_key
):
    # given an attacker who signs HS256 with the (public) key as the secret
    pem = public_pem(rsa_key)
    forged = jwt.encode(
        {"sub": "x", "exp": int(time.time()) + 60, "role": "admin", "iss": ISSUER, "aud": AUDIENCE},
        "not-the-key-but-a-shared-secret-of-48-characters",
        algorithm="HS256",
    )
    authenticator = Authenticator(Settings(database_url=database_url, jwt_public_key=pem))
    db = RequestSession(session_factory)
    try:
        with pytest.raises(AuthenticationFailed):
            await authenticator.principal(f"Bearer {forged}", db)
    finally:
        await db.close()


# --- JWT claim shapes ---


def jwt_settings(database_url: str, rsa_key) -> Settings:
    return Settings(
        database_url=database_url,
        jwt_public_key=public_pem(rsa_key),
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
        offline=True,
    )


@pytest.mark.parametrize(
    ("claim", "role"),
    [
        (["admin"], Role.ADMIN),
        (["offline_access", "partner", "editor", "uma_authorization"], Role.EDITOR),
        (["editor", "partner"], Role.EDITOR),
        (["partner"], Role.PARTNER),
        ("editor", Role.EDITOR),
    ],
)
async def test_a_jwt_role_list_grants_its_most_privileged_known_role(
    database_url, session_factory, rsa_key, claim, role
):
    authenticator = Authenticator(jwt_settings(database_url, rsa_key))
    db = RequestSession(session_factory)
    try:
        principal = await authenticator.principal(f"Bearer {token_for(rsa_key, role=claim)}", db)
    finally:
        await db.close()
    assert principal.role is role


async def test_a_jwt_whose_role_is_a_list_is_served(database_url, session_factory, rsa_key):
    async with app_client(jwt_settings(database_url, rsa_key), session_factory) as client:
        response = await WriteClient(client, token_for(rsa_key, role=["admin"])).post(QUERY)
    assert response.status_code == 200
    assert "errors" not in response.json()


@pytest.mark.parametrize(
    "claims",
    [
        {"role": {"admin": True}},
        {"role": 5},
        {"role": True},
        {"role": [5]},
        {"role": ["admin", 5]},
        {"role": [["admin"]]},
        {"role": []},
        {"role": ["owner"]},
        {"iscms": [{"slug": "bali-process"}]},
        {"iscms": ["bali\x00process"]},
        {"iscms": ["\ud800"]},
        {"sub": "user\x00"},
        {"sub": "\udfff"},
    ],
)
async def test_a_jwt_with_claims_of_another_shape_is_a_graphql_401_with_a_request_id(
    database_url, session_factory, rsa_key, claims
):
    async with app_client(jwt_settings(database_url, rsa_key), session_factory) as client:
        response = await WriteClient(client, token_for(rsa_key, **claims)).post(QUERY)
    assert_refused(response)
    assert response.headers[REQUEST_ID_HEADER]
    assert "claim" in response.json()["errors"][0]["message"]


claim_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["partner", "editor", "admin", "bali-process", "", "\x00", "\ud800"]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


async def test_random_claim_shapes_get_a_typed_answer(database_url, session_factory, rsa_key):
    loop = asyncio.get_running_loop()
    async with app_client(jwt_settings(database_url, rsa_key), session_factory) as client:
        # Hypothesis drives a synchronous test in a worker thread; each request runs on the
        # test's event loop, where the app and its connection live.
        @hypothesis_settings(
            max_examples=60,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        )
        @given(
            claims=st.fixed_dictionaries(
                {}, optional={name: claim_values for name in ("role", "iscms", "name", "sub")}
            )
        )
        def check(claims: dict) -> None:
            now = int(time.time())
            token = jwt.encode(
                {"iss": ISSUER, "aud": AUDIENCE, "exp": now + 300, **claims},
                rsa_key,
                algorithm="RS256",
            )
            request = WriteClient(client, token).post(QUERY)
            response = asyncio.run_coroutine_threadsafe(request, loop).result(timeout=60)
            assert response.status_code in (200, 401), response.text
            if response.status_code == 401:
                assert_refused(response)

        await asyncio.to_thread(check)
