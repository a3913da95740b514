"""The result cache: bounded in entries and in bytes, least recently used first out."""

from __future__ import annotations

from hrcgraph.api.cache import ResultCache


def test_lru_order_and_entry_bound() -> None:
    cache: ResultCache[str] = ResultCache(max_entries=2, max_bytes=1000)
    cache.put("a", "A", 10)
    cache.put("b", "B", 10)
    assert cache.get("a") == "A"  # a is now the most recent
    cache.put("c", "C", 10)
    assert cache.get("b") is None and cache.get("a") == "A" and cache.get("c") == "C"
    assert len(cache) == 2


def test_byte_bound() -> None:
    cache: ResultCache[str] = ResultCache(max_entries=100, max_bytes=800)
    for key in "abcdefgh":
        cache.put(key, key, 100)  # each exactly an eighth of the bound
    cache.put("i", "i", 100)
    assert cache.size_bytes <= 800 and cache.get("a") is None and cache.get("i") == "i"


def test_large_entries_are_not_kept() -> None:
    cache: ResultCache[str] = ResultCache(max_entries=10, max_bytes=800)
    cache.put("big", "x", 101)
    assert cache.get("big") is None and cache.size_bytes == 0


def test_replacing_an_entry_keeps_the_byte_count_right() -> None:
    cache: ResultCache[str] = ResultCache(max_entries=10, max_bytes=800)
    cache.put("a", "1", 50)
    cache.put("a", "2", 70)
    assert cache.get("a") == "2" and cache.size_bytes == 70


def test_disabled_and_cleared() -> None:
    off: ResultCache[str] = ResultCache(max_entries=0, max_bytes=800)
    off.put("a", "A", 1)
    assert off.get("a") is None
    cache: ResultCache[str] = ResultCache(max_entries=10, max_bytes=800)
    cache.put("a", "A", 1)
    cache.clear()
    assert cache.get("a") is None and cache.size_bytes == 0
    assert cache.stats.hits == 0 and cache.stats.misses == 1
