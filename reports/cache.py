"""A content-addressed cache of rendered PDFs on disk.

The key is a hash of everything that determines the PDF's bytes: the report's
identity (answers, review, versions, template, language, ...; see
``reports.identity``), the WeasyPrint version and the PDF options. A changed input is
a new key, so entries are never invalidated, only pruned when the cache grows past
its limit (least recently used first). Writes are atomic (temp file + rename), so
a reader never sees half a PDF, and concurrent renders of one key are harmless.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import weasyprint

from reports.identity import canonical_json
from reports.render import PDF_OPTIONS

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
SUFFIX = ".pdf"


def cache_key(report_digest: str) -> str:
    """The cache key of a report: its digest plus what turns the same HTML into bytes."""
    material = canonical_json({"report": report_digest, "weasyprint": weasyprint.__version__,
                               "options": dict(PDF_OPTIONS)})
    return hashlib.sha256(material.encode()).hexdigest()


class ReportCache:
    """PDF bytes by cache key in a folder (two-level fan-out by key prefix)."""

    def __init__(self, directory: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes

    def path(self, key: str) -> Path:
        """Where the PDF of ``key`` lives."""
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            raise ValueError(f"not a cache key: {key!r}")
        return self.directory / key[:2] / f"{key}{SUFFIX}"

    def get(self, key: str) -> bytes | None:
        """The cached PDF, or None; a hit counts as a use for pruning."""
        path = self.path(key)
        try:
            pdf = path.read_bytes()
        except FileNotFoundError:
            return None
        with contextlib.suppress(OSError):
            os.utime(path)
        return pdf

    def put(self, key: str, pdf: bytes) -> Path:
        """Store the PDF atomically and prune the cache if it grew too large."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=SUFFIX)
        try:
            with os.fdopen(handle, "wb") as temp:
                temp.write(pdf)
            os.replace(temp_name, target)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        self.prune()
        return target

    def get_or_render(self, key: str, render: Callable[[], bytes]) -> tuple[bytes, bool]:
        """The cached PDF, or render, store and return it; the flag says it was a hit."""
        cached = self.get(key)
        if cached is not None:
            return cached, True
        pdf = render()
        self.put(key, pdf)
        return pdf, False

    def prune(self) -> list[Path]:
        """Delete least recently used PDFs until the cache fits ``max_bytes``."""
        entries = []
        for path in self.directory.glob(f"??/*{SUFFIX}"):
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            entries.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _, size, _ in entries)
        removed = []
        for _, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size
            removed.append(path)
        return removed
