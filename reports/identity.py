"""The report id: a short hash of everything that determines the report's content."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assessment.paths import templates_dir

if TYPE_CHECKING:
    from reports.build import ReportInput

REPORTS_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = templates_dir() / "report"  # the checkout's, or the installed copy
ID_LENGTH = 12
# Bump when the meaning of the inputs below changes without any file changing.
FORMAT_VERSION = 2  # 2: the edition and the branding are part of the report


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no whitespace: equal data, equal text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


@lru_cache(maxsize=1)
def template_hash() -> str:
    """Hash of the files that shape a report: templates, CSS, catalogues, the report code."""
    files = sorted(
        [*TEMPLATES_DIR.rglob("*.html"), *(REPORTS_DIR / "assets" / "css").rglob("*.css"),
         *(REPORTS_DIR / "i18n").rglob("*.po"), *REPORTS_DIR.rglob("*.py")]
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(REPORTS_DIR.parent).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    fonts = sorted((p.name, p.stat().st_size) for p in (REPORTS_DIR / "assets").rglob("*.ttf"))
    digest.update(canonical_json(fonts).encode())
    return digest.hexdigest()


def identity(data: ReportInput) -> dict[str, Any]:
    """The inputs the report id covers, as plain JSON-ready data.

    Findings follow from the answers and the definition (its fingerprint); they are
    listed anyway, after the review, so the id visibly covers what the report says.
    """
    q, review = data.questionnaire, data.review
    findings = [
        [f.rule, review.severities.get(f.rule, f.severity)]
        for f in data.result.findings if f.rule not in review.dismissed
    ]
    return {
        "format": FORMAT_VERSION,
        "template": template_hash(),
        "language": data.language,
        "questionnaire": {"id": q.id, "version": q.version, "rules_version": q.rules_version,
                          "fingerprint": q.fingerprint},
        "organisation": data.organisation,
        "date": data.report_date.isoformat(),
        "answers": dict(data.answers),
        "answered_by": dict(data.answered_by),
        "respondents": [asdict(r) for r in data.respondents],
        "review": review.to_dict(),
        "findings": findings,
        "edition": data.edition,
        "branding": data.branding.fingerprint(),
    } | _disagreements(data) | _peers(data) | _hidden_comments(data)


def _hidden_comments(data: ReportInput) -> dict[str, Any]:
    """The comments hidden from the report (a key only when there are some)."""
    return {"hidden_comments": sorted(data.hidden_comments)} if data.hidden_comments else {}


def _peers(data: ReportInput) -> dict[str, Any]:
    """The peer benchmark (a key only when there is one: other ids stay as they were)."""
    if not data.peers:
        return {}
    return {"peers": {area: list(rank) for area, rank in data.peers.items()}}


def _disagreements(data: ReportInput) -> dict[str, Any]:
    """The open disagreements (a key only when there are some: other ids stay as they were)."""
    if not data.disagreements:
        return {}
    return {"disagreements": [asdict(d) for d in data.disagreements]}


def report_digest(data: ReportInput) -> str:
    """SHA-256 (hex) of the canonical identity JSON: the cache key's core."""
    return hashlib.sha256(canonical_json(identity(data)).encode("utf-8")).hexdigest()


def report_id(data: ReportInput) -> str:
    """The short report id printed on the cover: the digest's first 12 hex digits."""
    return report_digest(data)[:ID_LENGTH]
