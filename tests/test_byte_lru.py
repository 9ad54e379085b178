"""The one byte-bounded LRU every in-process document cache uses."""

import pytest

from db.lru import ENTRY_OVERHEAD_BYTES, ByteLRU, text_bytes


def test_entries_are_forgotten_least_recently_used_first_beyond_the_bytes():
    # given room for three entries of 100 bytes
    cache: ByteLRU[str, int] = ByteLRU("test", 3 * (100 + ENTRY_OVERHEAD_BYTES))
    for key in "abc":
        cache.put(key, ord(key), 100)

    # when "a" is used, then a fourth entry comes
    assert cache.get("a") == ord("a")
    cache.put("d", 4, 100)

    # then "b", the least recently used, is gone, and the bytes are within the bound
    assert "b" not in cache
    assert [key in cache for key in "acd"] == [True, True, True]
    assert cache.bytes == 3 * (100 + ENTRY_OVERHEAD_BYTES)
    assert cache.stats.evictions == 1


def test_one_large_entry_evicts_as_many_as_it_needs():
    cache: ByteLRU[str, str] = ByteLRU("test", 10_000)
    for index in range(20):
        cache.put(f"small{index}", "x", 100)

    cache.put("large", "y", 5_000)

    assert "large" in cache
    assert cache.bytes <= 10_000
    assert len(cache) < 20


def test_an_entry_larger_than_the_budget_is_not_stored():
    cache: ByteLRU[str, str] = ByteLRU("test", 1_000)
    cache.put("kept", "x", 10)

    assert cache.put("huge", "y", 5_000) is False

    assert "huge" not in cache
    assert "kept" in cache
    assert cache.stats.refused == 1


def test_replacing_an_entry_counts_its_bytes_once():
    cache: ByteLRU[str, str] = ByteLRU("test", 10_000)
    cache.put("a", "x", 1_000)
    cache.put("a", "y", 2_000)

    assert cache.get("a") == "y"
    assert cache.bytes == 2_000 + ENTRY_OVERHEAD_BYTES


def test_the_entry_bound_applies_besides_the_bytes():
    cache: ByteLRU[int, int] = ByteLRU("test", 10**9, max_entries=2)
    for key in range(5):
        cache.put(key, key, 1)

    assert len(cache) == 2
    assert 4 in cache


def test_none_can_be_cached_and_told_from_a_miss():
    cache: ByteLRU[str, int | None] = ByteLRU("test", 10_000)
    computed = []

    def compute() -> None:
        computed.append(1)

    assert cache.get_or_put("k", compute, lambda _: 10) is None
    assert cache.get_or_put("k", compute, lambda _: 10) is None
    assert computed == [1]
    assert cache.get("missing", "default") == "default"


def test_resizing_forgets_what_no_longer_fits():
    cache: ByteLRU[int, int] = ByteLRU("test", 10**6)
    for key in range(10):
        cache.put(key, key, 1_000)

    cache.resize(3 * (1_000 + ENTRY_OVERHEAD_BYTES))

    assert len(cache) == 3
    assert all(key in cache for key in (7, 8, 9))


def test_negative_bounds_are_refused():
    with pytest.raises(ValueError, match="negative"):
        ByteLRU("test", -1)


def test_text_weighs_its_characters_at_their_widest():
    assert text_bytes("abc") == 3
    assert text_bytes("é") == 4
    assert text_bytes(b"ab") == 2
    assert text_bytes(None) == 0
