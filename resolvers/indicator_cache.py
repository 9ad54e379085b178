"""The UN data cache: serve fresh rows, refresh the rest from upstream, keep stale rows when down."""

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from connectors import (
    SOURCES,
    Observation,
    SourceClient,
    SourceNotConfigured,
    StateRef,
    UpstreamError,
    UpstreamRejected,
    aclose,
)
from db.queries import indicators as queries
from db.queries.indicators import SeriesKey
from db.session import RequestSession
from resolvers.errors import ErrorCode

log = logging.getLogger("iscm_graph.indicators")

Clock = Callable[[], datetime]
SourceCode = tuple[str, str]  # (source, code)

# The World Bank refuses a whole multi-country call with this id when one ISO3 is unknown to it.
WORLDBANK_INVALID_VALUE = "120"
# Refusals of the server rather than of the query: the source is unavailable to us.
ACCESS_REFUSED = frozenset({"401", "403"})


def utc_now() -> datetime:
    """Return the current time, timezone-aware."""
    return datetime.now(UTC)


def dimensions_key(dimensions: Mapping[str, str]) -> str:
    """Return the dimensions as sorted key=value pairs joined by '|' ('' for none)."""
    return "|".join(f"{key}={dimensions[key]}" for key in sorted(dimensions))


@dataclass(frozen=True)
class CachePolicy:
    """How long each source's answers stay fresh, whether upstream may be called, which years."""

    ttl: Mapping[str, timedelta]
    offline: bool = False
    first_year: int = 1990

    def ttl_of(self, source: str) -> timedelta:
        """Return the time to live of `source`'s answers (24 hours unless configured)."""
        return self.ttl.get(source, timedelta(hours=24))


@dataclass(frozen=True)
class CachedObservation:
    """One observation as the cache holds it, with whether it is served past its TTL."""

    source: str
    code: str
    iso3: str
    year: int
    dimensions_key: str
    value: float | None
    raw_value: str | None
    unit: str | None
    name: str | None
    dimensions: Mapping[str, str]
    footnotes: tuple[str, ...]
    fetched_at: datetime
    synthetic: bool = False
    stale: bool = False


@dataclass(frozen=True)
class SeriesFailure:
    """Why a series could not be refreshed, in terms a client can act on."""

    code: ErrorCode
    message: str
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CachedSeries:
    """What one request gets for one (source, code, State): observations, staleness, failure."""

    key: SeriesKey
    observations: tuple[CachedObservation, ...] = ()
    checked_at: datetime | None = None
    stale: bool = False
    failure: SeriesFailure | None = None

    @property
    def cold(self) -> bool:
        """Whether the cache knew nothing of this series when the refresh failed."""
        return self.checked_at is None and not self.observations


@dataclass
class CacheEntry:
    """A key's cached state as read from the database."""

    state: StateRef
    checked_at: datetime | None = None
    outcome: str | None = None
    observations: list[CachedObservation] = field(default_factory=list)

    @property
    def known(self) -> bool:
        """Whether the source ever answered for this key (or rows were loaded by other means)."""
        return self.checked_at is not None


@dataclass
class FetchResult:
    """One upstream request sequence for one series and a batch of States."""

    source: str
    code: str
    states: list[StateRef]
    fetched_at: datetime
    observations: dict[str, list[Observation]] = field(default_factory=dict)
    rejected: set[str] = field(default_factory=set)
    failure: SeriesFailure | None = None

    def outcome(self, iso3: str) -> str:
        """Return the fetch-log outcome of one State."""
        if iso3 in self.rejected:
            return "REJECTED"
        return "DATA" if self.observations.get(iso3) else "EMPTY"


def entries_from_rows(rows: Iterable[Row[Any]]) -> dict[SeriesKey, CacheEntry]:
    """Group the rows of `cache_entries` by key."""
    entries: dict[SeriesKey, CacheEntry] = {}
    for row in rows:
        r = row._mapping
        key = (r["source"], r["code"], r["iso3"])
        entry = entries.get(key)
        if entry is None:
            state = StateRef(iso3=r["iso3"], iso2=r["iso2"], m49=r["m49"])
            entry = entries[key] = CacheEntry(state, r["checked_at"], r["outcome"])
        if r["year"] is not None:
            entry.observations.append(
                CachedObservation(
                    source=r["source"],
                    code=r["code"],
                    iso3=r["iso3"],
                    year=r["year"],
                    dimensions_key=r["dimensions_key"],
                    value=r["value"],
                    raw_value=r["raw_value"],
                    unit=r["unit"],
                    name=r["name"],
                    dimensions=r["dimensions"] or {},
                    footnotes=tuple(r["footnotes"] or ()),
                    fetched_at=r["fetched_at"],
                    synthetic=r["synthetic"],
                )
            )
    for entry in entries.values():
        # Rows loaded without a fetch (e.g. synthetic benchmark data) date from their own time.
        if entry.checked_at is None and entry.observations:
            entry.checked_at = max(o.fetched_at for o in entry.observations)
    return entries


def observation_rows(result: FetchResult) -> list[dict[str, Any]]:
    """Return the rows to upsert for a successful fetch, one per natural key, in key order."""
    rows: dict[tuple[str, int, str], dict[str, Any]] = {}
    for iso3, observations in result.observations.items():
        for observation in observations:
            dimensions = dict(observation.dimensions)
            key = dimensions_key(dimensions)
            # One INSERT may not touch a row twice: the last duplicate wins.
            rows[iso3, observation.year, key] = {
                "source": result.source,
                "code": result.code,
                "iso3": iso3,
                "year": observation.year,
                "dimensions_key": key,
                "value": observation.value,
                "raw_value": observation.raw_value,
                "unit": observation.unit,
                "name": observation.name,
                "dimensions": dimensions,
                "footnotes": list(observation.footnotes),
                "fetched_at": result.fetched_at,
                "synthetic": False,
            }
    # Key order keeps concurrent writers from locking the same rows in opposite orders.
    return [rows[key] for key in sorted(rows)]


def cached_from_rows(rows: Iterable[dict[str, Any]]) -> list[CachedObservation]:
    """Return upserted rows as cached observations."""
    return [CachedObservation(**{**row, "footnotes": tuple(row["footnotes"])}) for row in rows]


def failure_of(source: str, code: str, error: Exception) -> SeriesFailure:
    """Translate a connector exception into the failure a client sees."""
    name = SOURCES[source].name if source in SOURCES else source
    if isinstance(error, SourceNotConfigured):
        return SeriesFailure(
            ErrorCode.SOURCE_NOT_CONFIGURED,
            f"{name} is not configured on this server: {error.message}",
            {"source": source},
        )
    if isinstance(error, UpstreamRejected) and error.code not in ACCESS_REFUSED:
        return SeriesFailure(
            ErrorCode.BAD_USER_INPUT,
            f"{name} refused series {code}: {error.message}",
            {"source": source, "upstreamCode": error.code},
        )
    if isinstance(error, ValueError):
        return SeriesFailure(ErrorCode.BAD_USER_INPUT, str(error), {"source": source})
    reason = error.message if isinstance(error, UpstreamError) else type(error).__name__
    return SeriesFailure(
        ErrorCode.UPSTREAM_UNAVAILABLE,
        f"{name} is unavailable ({reason}); cached values, if any, are served as stale",
        {"source": source},
    )


class IndicatorService:
    """The app-wide cache front: per-source clients, the cache policy and a clock."""

    def __init__(
        self,
        clients: Mapping[str, SourceClient],
        policy: CachePolicy,
        *,
        clock: Clock = utc_now,
    ) -> None:
        self.clients = dict(clients)
        self.policy = policy
        self.clock = clock

    async def aclose(self) -> None:
        """Close every source client."""
        await aclose(self.clients)

    def for_request(self, db: RequestSession) -> "IndicatorRequest":
        """Return the per-request front with its own DataLoaders."""
        return IndicatorRequest(self, db)

    def is_fresh(self, source: str, checked_at: datetime | None, now: datetime) -> bool:
        """Whether an answer given at `checked_at` is still within the source's TTL."""
        return checked_at is not None and now - checked_at < self.policy.ttl_of(source)

    async def load(self, db: RequestSession, keys: Sequence[SeriesKey]) -> list[CachedSeries]:
        """Return every key's series: one cache read, one upstream sequence per stale series."""
        async with db.use() as session:
            entries = entries_from_rows(await queries.cache_entries(session, keys))
        now = self.clock()
        due: dict[SourceCode, list[StateRef]] = defaultdict(list)
        if not self.policy.offline:
            for (source, code, _), entry in entries.items():
                if not self.is_fresh(source, entry.checked_at, now):
                    due[source, code].append(entry.state)
        results = await asyncio.gather(
            *(self.fetch(source, code, states) for (source, code), states in due.items())
        )
        fetched = {(result.source, result.code): result for result in results}
        refreshed: dict[SeriesKey, list[CachedObservation]] = defaultdict(list)
        stored = [result for result in results if result.failure is None]
        if stored:
            # The cache outlives the request: its rows are committed whatever else happens,
            # all at once so no reader sees a series half replaced.
            async with db.transaction() as session:
                for result in stored:
                    rows = await self.store(session, result)
                    for observation in cached_from_rows(rows):
                        refreshed[observation.source, observation.code, observation.iso3].append(
                            observation
                        )
        return [
            self.serve(key, entries.get(key), fetched.get(key[:2]), refreshed.get(key, []), now)
            for key in keys
        ]

    def serve(
        self,
        key: SeriesKey,
        entry: CacheEntry | None,
        result: FetchResult | None,
        refreshed: list[CachedObservation],
        now: datetime,
    ) -> CachedSeries:
        """Combine a key's cache entry with the fetch made for it, if any."""
        if entry is None:
            return CachedSeries(key)
        source = key[0]
        if result is not None and result.failure is None:
            return CachedSeries(key, tuple(refreshed), result.fetched_at)
        stale = entry.known and not self.is_fresh(source, entry.checked_at, now)
        observations = tuple(replace(o, stale=stale) for o in entry.observations)
        failure = result.failure if result is not None else None
        if self.policy.offline and not entry.known:
            failure = SeriesFailure(
                ErrorCode.UPSTREAM_UNAVAILABLE,
                f"series {key[1]} of {source} is not in the cache and this server is offline "
                "(ISCM_OFFLINE); fill the cache with `iscm-graph sync`",
                {"source": source, "offline": True},
            )
        return CachedSeries(key, observations, entry.checked_at, stale, failure)

    async def fetch(self, source: str, code: str, states: list[StateRef]) -> FetchResult:
        """Fetch one series for a batch of States from upstream; never raises for the source."""
        result = FetchResult(source, code, states, self.clock())
        client = self.clients.get(source)
        if client is None:
            error = SourceNotConfigured(source, "no client is configured for this source")
            result.failure = failure_of(source, code, error)
            return result
        first_year, last_year = self.policy.first_year, result.fetched_at.year
        try:
            observations, rejected = await self._fetch_bisecting(
                client, code, states, first_year, last_year
            )
        # Connector errors, bad codes, and any transport error the connectors left unwrapped.
        except (UpstreamError, ValueError, httpx.HTTPError) as error:
            log.warning(
                "indicators.fetch_failed source=%s code=%s states=%d error=%s",
                source,
                code,
                len(states),
                error,
            )
            result.failure = failure_of(source, code, error)
            return result
        wanted = {state.iso3 for state in states}
        for observation in observations:
            if observation.iso3 in wanted:
                result.observations.setdefault(observation.iso3, []).append(observation)
        result.rejected = rejected
        return result

    async def _fetch_bisecting(
        self,
        client: SourceClient,
        code: str,
        states: list[StateRef],
        first_year: int,
        last_year: int,
    ) -> tuple[list[Observation], set[str]]:
        """Fetch, halving the batch while the World Bank rejects it for an unknown ISO3."""
        try:
            return await client.fetch([code], states, first_year, last_year), set()
        except UpstreamRejected as error:
            if client.source != "WORLDBANK" or error.code != WORLDBANK_INVALID_VALUE:
                raise
            if len(states) == 1:
                return [], {states[0].iso3}
        middle = len(states) // 2
        halves = await asyncio.gather(
            self._fetch_bisecting(client, code, states[:middle], first_year, last_year),
            self._fetch_bisecting(client, code, states[middle:], first_year, last_year),
        )
        return [o for part, _ in halves for o in part], {iso for _, part in halves for iso in part}

    async def store(self, session: AsyncSession, result: FetchResult) -> list[dict[str, Any]]:
        """Write a successful fetch: upsert its rows, drop vanished ones, log every State."""
        rows = observation_rows(result)
        await queries.upsert_observations(session, rows)
        iso3s = sorted(state.iso3 for state in result.states)
        await queries.delete_observations_before(
            session, result.source, result.code, iso3s, result.fetched_at
        )
        await queries.record_fetches(
            session,
            [
                {
                    "source": result.source,
                    "code": result.code,
                    "iso3": iso3,
                    "fetched_at": result.fetched_at,
                    "outcome": result.outcome(iso3),
                    "rows": len(result.observations.get(iso3, ())),
                }
                for iso3 in iso3s
            ],
        )
        return rows


class IndicatorRequest:
    """One request's view of the cache: DataLoaders that batch every key of the request."""

    def __init__(self, service: IndicatorService, db: RequestSession) -> None:
        self.service = service
        self._db = db
        self.series: DataLoader[SeriesKey, CachedSeries] = DataLoader(load_fn=self._load_series)

    async def _load_series(self, keys: list[SeriesKey]) -> list[CachedSeries]:
        return await self.service.load(self._db, keys)


@dataclass
class SyncTally:
    """What syncing one series did, counted in (series, State) pairs."""

    fetched: int = 0
    unchanged: int = 0
    failed: int = 0
    unknown_to_source: int = 0
    failure: SeriesFailure | None = None


def fingerprint(observations: Iterable[CachedObservation]) -> set[tuple[Any, ...]]:
    """Return what makes two answers for one State the same data."""
    return {(o.year, o.dimensions_key, o.raw_value, o.unit) for o in observations}


async def sync_series(
    service: IndicatorService, session: AsyncSession, source: str, code: str, states: list[StateRef]
) -> SyncTally:
    """Fetch one series for `states` whatever the TTL, store it, and count what changed."""
    tally = SyncTally()
    keys = [(source, code, state.iso3) for state in states]
    before = entries_from_rows(await queries.cache_entries(session, keys))
    result = await service.fetch(source, code, states)
    if result.failure is not None:
        tally.failed, tally.failure = len(states), result.failure
        return tally
    rows = await service.store(session, result)
    await session.commit()
    after: dict[str, list[CachedObservation]] = defaultdict(list)
    for observation in cached_from_rows(rows):
        after[observation.iso3].append(observation)
    for state in states:
        previous = before.get((source, code, state.iso3))
        if state.iso3 in result.rejected:
            tally.unknown_to_source += 1
        elif (
            previous is not None
            and previous.outcome == result.outcome(state.iso3)
            and fingerprint(previous.observations) == fingerprint(after[state.iso3])
        ):
            tally.unchanged += 1
        else:
            tally.fetched += 1
    return tally
