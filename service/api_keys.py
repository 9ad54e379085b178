"""API keys: the token format, its hash, creating keys and turning a token into a principal.

A token is `iscm_<key id>_<secret>`: the key id (12 lowercase hex characters) names the key in
logs and on the command line without revealing it; the secret is 32 random bytes. Only the
SHA-256 of the whole token is stored. Keys are high-entropy, so a fast hash is enough, and the
comparison is constant-time.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import KEY_ROLES
from db.queries import api_keys
from resolvers.principal import Principal, Role

TOKEN_PREFIX = "iscm_"  # noqa: S105 - the public prefix of every token, not a secret
TOKEN_PATTERN = re.compile(r"^iscm_([a-f0-9]{12})_([A-Za-z0-9_-]{43})$")
KEY_SUBJECT_PREFIX = "key:"


class KeyRequestError(ValueError):
    """A key cannot be created as asked; the message says why, in one line."""


@dataclass(frozen=True)
class CreatedKey:
    """A new key: the token is shown once and never stored."""

    key_id: str
    token: str
    name: str
    role: str
    iscm_slugs: tuple[str, ...]


def token_hash(token: str) -> str:
    """Return the hex SHA-256 of a token, as stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> tuple[str, str]:
    """Return a fresh (key id, token) pair."""
    key_id = secrets.token_hex(6)
    return key_id, f"{TOKEN_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"


def key_id_of(token: str) -> str | None:
    """Return the key id a well-formed token names, else None."""
    match = TOKEN_PATTERN.match(token)
    return match.group(1) if match else None


def key_subject(key_id: str) -> str:
    """Return the audit subject of a key."""
    return f"{KEY_SUBJECT_PREFIX}{key_id}"


async def create_key(
    session: AsyncSession, *, name: str, role: str, iscm_slugs: list[str]
) -> CreatedKey:
    """Create a key for `role`, scoped to `iscm_slugs`; the caller commits."""
    name = name.strip()
    if not 1 <= len(name) <= 200:
        raise KeyRequestError("the key needs a name of 1 to 200 characters")
    if role not in KEY_ROLES:
        raise KeyRequestError(f"unknown role {role!r}; use one of {', '.join(KEY_ROLES)}")
    slugs = list(dict.fromkeys(iscm_slugs))
    if role == "partner" and not slugs:
        raise KeyRequestError("a partner key needs at least one --iscm")
    known = await api_keys.iscm_ids_by_slugs(session, slugs)
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        raise KeyRequestError(f"unknown ISCM slug(s): {', '.join(unknown)}")
    key_id, token = new_token()
    await api_keys.insert_key(
        session,
        key_id=key_id,
        name=name,
        role=role,
        secret_hash=token_hash(token),
        iscm_ids=[known[slug] for slug in slugs],
    )
    return CreatedKey(key_id=key_id, token=token, name=name, role=role, iscm_slugs=tuple(slugs))


async def principal_for_key(session: AsyncSession, token: str) -> Principal | None:
    """Return the principal of a valid, unrevoked key token, else None."""
    key_id = key_id_of(token)
    if key_id is None:
        return None
    row = await api_keys.key_by_key_id(session, key_id)
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.secret_hash, token_hash(token)):
        return None
    return Principal(
        role=Role(row.role),
        subject=key_subject(row.key_id),
        display=row.name,
        iscm_ids=frozenset(row.iscm_ids),
    )
