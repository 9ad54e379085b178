"""Idempotent creates: a retry with the same key and input replays the first result, writing nothing."""

import hashlib
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from db.queries import idempotency
from resolvers.principal import Principal
from resolvers.user_errors import Abort, Problem, UserError
from resolvers.validation import KEY_MAX, Checker


def request_hash(operation: str, normalised_input: Any) -> str:
    """Hash an operation with its normalised input (key order does not matter)."""
    payload = orjson.dumps([operation, normalised_input], option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(payload).hexdigest()


def checked_key(key: str | None) -> str | None:
    """Return the normalised key, or raise Abort when it cannot be one."""
    if key is None:
        return None
    checker = Checker(())
    text = checker.text("idempotency_key", key, required=True, max_length=KEY_MAX)
    if not checker.ok:
        raise Abort(checker.errors)
    return text


async def replay_or_claim(
    session: AsyncSession,
    principal: Principal,
    key: str | None,
    operation: str,
    normalised_input: Any,
) -> dict[str, Any] | None:
    """Claim `key` for this write and return None, or return the stored result of its first use.

    Raises Abort(CONFLICT) when the key was first used for another operation or input.
    """
    if key is None:
        return None
    assert principal.subject is not None
    digest = request_hash(operation, normalised_input)
    if await idempotency.claim(
        session, principal=principal.subject, key=key, operation=operation, request_hash=digest
    ):
        return None
    stored = await idempotency.stored(session, principal=principal.subject, key=key)
    assert stored is not None, "a key that could not be claimed exists"
    if stored.operation != operation or stored.request_hash != digest:
        raise Abort(
            [
                UserError(
                    Problem.CONFLICT,
                    ("idempotencyKey",),
                    "this idempotency key was already used with a different input",
                )
            ]
        )
    return stored.result or {}


async def remember(
    session: AsyncSession, principal: Principal, key: str | None, result: dict[str, Any]
) -> None:
    """Store the result of the write that claimed `key` (nothing without a key)."""
    if key is None:
        return
    assert principal.subject is not None
    await idempotency.record_result(session, principal=principal.subject, key=key, result=result)
