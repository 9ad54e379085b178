"""What every write shares: its own transaction, the audit record, ids, and the caller's identity."""

import base64
import binascii
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from db.queries import audit
from resolvers.context import Context
from resolvers.errors import ApiError, ErrorCode
from resolvers.principal import Principal
from resolvers.user_errors import Problem, UserError

MAX_DATABASE_ID = 2**63 - 1


def today() -> date:
    """Return today's date in UTC (review windows are calendar dates)."""
    return datetime.now(UTC).date()


def window_is_open(opens_on: date, closes_on: date) -> bool:
    """Whether a review process accepts submissions today (UTC calendar dates, both included;
    db/queries/review.py's `window_open` is the same rule in SQL)."""
    return opens_on <= today() <= closes_on


def require_writer(principal: Principal) -> None:
    """Refuse an anonymous write with a top-level UNAUTHENTICATED error.

    Anonymous writes fail the whole field (not a payload error): the caller has not said who
    it is, so nothing about the input is worth checking. FORBIDDEN, for an authenticated
    caller acting on an ISCM it does not hold, is a payload error instead.
    """
    if principal.is_anonymous:
        raise ApiError(
            ErrorCode.UNAUTHENTICATED,
            "writes need an API key or token: send `Authorization: Bearer <token>`",
        )


def database_id(global_id: str, type_name: str) -> int | None:
    """Return the row id inside a global ID of `type_name` (`base64("Type:123")`), else None."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        decoded = base64.b64decode(padded.encode("ascii"), validate=True).decode("utf-8")
    except (ValueError, binascii.Error, UnicodeError):
        return None
    name, _, raw = decoded.partition(":")
    if name != type_name or not raw.isascii() or not raw.isdigit():
        return None
    number = int(raw)
    return number if 1 <= number <= MAX_DATABASE_ID else None


def global_id(type_name: str, row_id: int) -> str:
    """Return the global ID of row `row_id` of `type_name` (`base64("Type:123")`)."""
    return base64.b64encode(f"{type_name}:{row_id}".encode()).decode("ascii")


def with_source(sources: list[str], source: str) -> list[str]:
    """A record's sources with the one a change cites added (once)."""
    return list(dict.fromkeys([*sources, source]))


def stale_version(noun: str, current: int | None, expected: int) -> UserError:
    """The CONFLICT error of a write based on an outdated version of a record."""
    now = f"it is now at version {current}" if current is not None else "it changed meanwhile"
    return UserError(
        Problem.CONFLICT,
        ("expectedVersion",),
        f"the {noun} was changed since version {expected}: {now}; reload and retry",
    )


def jsonable(values: Mapping[str, Any]) -> dict[str, Any]:
    """Turn a row's values into JSON for the audit trail (dates as ISO 8601)."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, (date, datetime)):
            out[name] = value.isoformat()
        else:
            out[name] = value
    return out


def snapshot(row: Row[Any] | None, **extra: Any) -> dict[str, Any] | None:
    """Return a row (plus related values such as linked objectives) as audit JSON."""
    if row is None:
        return None
    return jsonable({**dict(row._mapping), **extra})


@asynccontextmanager
async def write_transaction(context: Context) -> AsyncIterator[AsyncSession]:
    """Run one mutation in its own transaction on the request session.

    Commits when the block ends, rolls back on any exception (resolvers.user_errors.Abort
    for expected failures). Reads earlier in the request (authentication, previous fields)
    only ever read, so their transaction is ended first.
    """
    async with context.db.transaction() as session:
        yield session


async def record(
    session: AsyncSession,
    context: Context,
    *,
    action: str,
    entity: str,
    entity_id: str,
    iscm_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    note: str | None = None,
) -> None:
    """Append who did what to the audit trail, in the write's transaction."""
    principal = context.principal
    assert principal.subject is not None, "only authenticated principals write"
    await audit.append_event(
        session,
        actor=principal.subject,
        actor_name=principal.display,
        action=action,
        entity=entity,
        entity_id=entity_id,
        iscm_id=iscm_id,
        before=before,
        after=after,
        note=note,
        request_id=context.request_id,
    )
