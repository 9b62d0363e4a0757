"""The content-addressed cache key of a rendered report.

The key is a hash of everything that determines the PDF's bytes: the report's identity
(answers, review, versions, template, language, ...; see ``reports.identity``), the
WeasyPrint version and the PDF options. A changed input is a new key, so a stored PDF is
never invalidated, only pruned when the store grows past its limit. The store itself is in
the database (``assessment/services/report_store.py``), shared by every web host and worker.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import weasyprint

from reports.identity import canonical_json
from reports.render import PDF_OPTIONS


def cache_key(report_digest: str) -> str:
    """The cache key of a report: its digest plus what turns the same HTML into bytes."""
    material = canonical_json({"report": report_digest, "weasyprint": weasyprint.__version__,
                               "options": dict(PDF_OPTIONS)})
    return hashlib.sha256(material.encode()).hexdigest()


def is_cache_key(value: str) -> bool:
    """Whether ``value`` has the shape of a cache key (64 lowercase hex digits)."""
    return len(value) == 64 and all(c in "0123456789abcdef" for c in value)


@dataclass(frozen=True)
class ReportFile:
    """A rendered report as stored and served: the PDF, a download name, its id, its cache
    key, and whether it came from the store."""

    pdf: bytes
    filename: str
    report_id: str
    cache_key: str
    cached: bool
