"""The report id: a short hash of everything that determines the report's content."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reports.build import ReportInput
    from reports.model import FindingView

REPORTS_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = REPORTS_DIR.parent / "templates" / "report"
ID_LENGTH = 12
# Bump when the meaning of the inputs below changes without any file changing.
FORMAT_VERSION = 1


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


def identity(data: ReportInput, findings: list[FindingView]) -> dict[str, Any]:
    """The inputs the report id covers, as plain JSON-ready data."""
    q = data.questionnaire
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
        "review": data.review.to_dict(),
        "findings": [asdict(f) for f in findings],
    }


def report_id(data: ReportInput, findings: list[FindingView]) -> str:
    """First 12 hex digits of the SHA-256 of the canonical identity JSON."""
    text = canonical_json(identity(data, findings))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:ID_LENGTH]
