"""A least-recently-used cache bounded in bytes (and optionally in entries).

Every in-process cache keyed by something a client sends (document texts, variables, plans
compiled from documents) uses this one class, so none can grow past the bytes it is given,
whatever the number or size of distinct documents. The caller says what an entry weighs when
it stores it: only the caller knows what a value keeps alive (a parsed document holds its text
and every token). It lives in `db/`, the bottom layer, so that every layer may import it.

Not thread-safe: each process uses its caches from its event loop only.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar, overload

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
D = TypeVar("D")

_ABSENT = object()

# What an OrderedDict slot, the key tuple and the entry record cost beyond the sizes given.
ENTRY_OVERHEAD_BYTES = 200


@dataclass
class CacheStats:
    """What a cache did since it was created (or cleared)."""

    hits: int = 0
    misses: int = 0
    evictions: int = 0
    # Entries bigger than the whole budget, never stored.
    refused: int = 0


class ByteLRU(Generic[K, V]):
    """A mapping that forgets its least recently used entries beyond `max_bytes`.

    `put(key, value, size)` stores an entry of `size` bytes (plus a fixed overhead); an entry
    larger than the budget is not stored at all. `get` marks an entry as used.
    """

    def __init__(self, name: str, max_bytes: int, *, max_entries: int | None = None) -> None:
        if max_bytes < 0 or (max_entries is not None and max_entries < 0):
            raise ValueError("cache bounds cannot be negative")
        self.name = name
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self.stats = CacheStats()
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._bytes = 0

    @property
    def bytes(self) -> int:
        """The bytes the entries held now are accounted for."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    @overload
    def get(self, key: K) -> V | None: ...

    @overload
    def get(self, key: K, default: D) -> V | D: ...

    def get(self, key: K, default: object = None) -> object:
        """Return the value stored under `key` (now the most recently used), or `default`."""
        entry = self._entries.get(key)
        if entry is None:
            self.stats.misses += 1
            return default
        self._entries.move_to_end(key)
        self.stats.hits += 1
        return entry[0]

    def put(self, key: K, value: V, size: int) -> bool:
        """Store `value` under `key` as weighing `size` bytes; False when it cannot fit at all."""
        weight = max(size, 0) + ENTRY_OVERHEAD_BYTES
        self.pop(key)
        if weight > self.max_bytes or self.max_entries == 0:
            self.stats.refused += 1
            return False
        self._entries[key] = (value, weight)
        self._bytes += weight
        self._shrink()
        return True

    def get_or_put(self, key: K, compute: Callable[[], V], size: Callable[[V], int]) -> V:
        """Return the value under `key`, computing and storing it (weighing `size(value)`) on a miss."""
        found = self.get(key, _ABSENT)
        if found is not _ABSENT:
            return found  # type: ignore[return-value]
        value = compute()
        self.put(key, value, size(value))
        return value

    def pop(self, key: K) -> V | None:
        """Forget `key`; return what it held, or None."""
        entry = self._entries.pop(key, None)
        if entry is None:
            return None
        self._bytes -= entry[1]
        return entry[0]

    def clear(self) -> None:
        """Forget every entry and the statistics."""
        self._entries.clear()
        self._bytes = 0
        self.stats = CacheStats()

    def resize(self, max_bytes: int, *, max_entries: int | None = None) -> None:
        """Change the bounds, forgetting the least recently used entries beyond them."""
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self._shrink()

    def _shrink(self) -> None:
        entries = self._entries
        while entries and (
            self._bytes > self.max_bytes
            or (self.max_entries is not None and len(entries) > self.max_entries)
        ):
            _, (_, weight) = entries.popitem(last=False)
            self._bytes -= weight
            self.stats.evictions += 1


def text_bytes(text: str | bytes | None) -> int:
    """What a text weighs in memory (a str of non-ASCII characters takes up to 4 bytes each)."""
    if text is None:
        return 0
    if isinstance(text, bytes):
        return len(text)
    return len(text) if text.isascii() else 4 * len(text)
