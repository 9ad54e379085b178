"""DataLoaders: every relation is loaded in one batch per request, never row by row."""

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from db.queries import catalogue
from db.session import RequestSession

K = TypeVar("K", bound=Hashable)

Fetch = Callable[[AsyncSession, Sequence[Any]], Awaitable[list[Row[Any]]]]


def one_per_key(keys: Sequence[K], rows: Iterable[Row[Any]], field: str) -> list[Row[Any] | None]:
    """Order `rows` to match `keys` by the column `field`; a miss is None."""
    found = {row._mapping[field]: row for row in rows}
    return [found.get(key) for key in keys]


def many_per_key(keys: Sequence[K], rows: Iterable[Row[Any]], field: str) -> list[list[Row[Any]]]:
    """Group `rows` under `keys` by the column `field`, keeping the rows' order."""
    groups: dict[Any, list[Row[Any]]] = defaultdict(list)
    for row in rows:
        groups[row._mapping[field]].append(row)
    return [groups.get(key, []) for key in keys]


class LoaderFactory:
    """Builds DataLoaders that run one batched fetch through the request session."""

    def __init__(self, db: RequestSession) -> None:
        self._db = db

    async def _run(self, fetch: Fetch, keys: Sequence[Any]) -> list[Row[Any]]:
        async with self._db.use() as session:
            return await fetch(session, list(keys))

    def _single(self, fetch: Fetch, field: str) -> DataLoader[Any, Row[Any] | None]:
        async def load(keys: list[Any]) -> list[Row[Any] | None]:
            return one_per_key(keys, await self._run(fetch, keys), field)

        return DataLoader(load_fn=load)

    def _grouped(self, fetch: Fetch, field: str) -> DataLoader[Any, list[Row[Any]]]:
        async def load(keys: list[Any]) -> list[list[Row[Any]]]:
            return many_per_key(keys, await self._run(fetch, keys), field)

        return DataLoader(load_fn=load)


class Loaders(LoaderFactory):
    """The catalogue's DataLoaders for one request."""

    def __init__(self, db: RequestSession) -> None:
        super().__init__(db)
        self.iscm_by_id = self._single(catalogue.iscms_by_ids, "id")
        self.iscm_by_slug = self._single(catalogue.iscms_by_slugs, "slug")
        self.state_by_iso3 = self._single(catalogue.states_by_iso3, "iso3")
        self.objective_by_number = self._single(catalogue.gcm_objectives_by_number, "number")
        self.memberships_by_iscm = self._grouped(catalogue.memberships_of_iscms, "iscm_id")
        self.memberships_by_state = self._grouped(catalogue.memberships_of_states, "state_iso3")
        self.observer_organizations_by_iscm = self._grouped(
            catalogue.observer_organizations_of_iscms, "iscm_id"
        )
