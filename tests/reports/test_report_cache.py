"""The content-hash PDF cache on disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reports import cache as cache_module
from reports.cache import ReportCache, cache_key

KEY_A = cache_key("a" * 64)
KEY_B = cache_key("b" * 64)


def test_a_miss_renders_stores_and_the_next_call_hits(tmp_path: Path) -> None:
    cache = ReportCache(tmp_path)
    calls: list[int] = []

    def render() -> bytes:
        calls.append(1)
        return b"%PDF-1.7 a"

    assert cache.get_or_render(KEY_A, render) == (b"%PDF-1.7 a", False)
    assert cache.get_or_render(KEY_A, render) == (b"%PDF-1.7 a", True)
    assert len(calls) == 1
    assert cache.path(KEY_A).parent.name == KEY_A[:2]
    assert not list(tmp_path.rglob(".tmp-*")), "no temporary file is left behind"


def test_a_failed_render_stores_nothing(tmp_path: Path) -> None:
    cache = ReportCache(tmp_path)

    def render() -> bytes:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        cache.get_or_render(KEY_A, render)
    assert cache.get(KEY_A) is None


def test_the_key_covers_the_weasyprint_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache_key("c" * 64)
    monkeypatch.setattr(cache_module.weasyprint, "__version__", "999.0")
    assert cache_key("c" * 64) != before
    assert cache_key("c" * 64) == cache_key("c" * 64)


def test_pruning_removes_the_least_recently_used_first(tmp_path: Path) -> None:
    cache = ReportCache(tmp_path, max_bytes=250)
    cache.put(KEY_A, b"a" * 100)
    cache.put(KEY_B, b"b" * 100)
    os.utime(cache.path(KEY_A), (1, 1))
    os.utime(cache.path(KEY_B), (2, 2))
    assert cache.get(KEY_A) == b"a" * 100  # a hit makes A the most recently used
    key_c = cache_key("d" * 64)
    cache.put(key_c, b"c" * 100)
    assert cache.get(KEY_B) is None
    assert cache.get(KEY_A) is not None and cache.get(key_c) is not None


@pytest.mark.parametrize("bad", ["../../etc/passwd", "A" * 64, "ab", "g" * 64])
def test_keys_are_hex_digests_only(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError, match="not a cache key"):
        ReportCache(tmp_path).path(bad)
