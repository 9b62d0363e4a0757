"""Score an assessment on its pinned questionnaire and store the result with the versions.

``assessment.result`` holds::

    {"format": 1,
     "questionnaire": {"id", "version", "rules_version", "fingerprint"},   # what scored it
     "pinned_fingerprint": ...,      # the fingerprint the assessment started with
     "scored_at": ISO 8601 UTC,
     "answers_digest": SHA-256 of the canonical JSON of the answers scored,
     "result": engine Result.to_dict()}
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from assessment.engine import Questionnaire, Result, evaluate
from assessment.models.assessment import Assessment
from assessment.models.types import utcnow
from assessment.services import audit, bank, stored_answers

RESULT_FORMAT = 1


def answers_digest(answers: Mapping[str, Any]) -> str:
    """A stable hash of a set of answers (canonical JSON, sorted keys)."""
    canonical = json.dumps(answers, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def score(
    session: Session,
    assessment: Assessment,
    *,
    questionnaire: Questionnaire | None = None,
    actor: str = audit.SYSTEM_ACTOR,
) -> Result:
    """Evaluate the stored answers on the pinned questionnaire and store it. Flushes only."""
    pinned = questionnaire or bank.questionnaire_for(assessment)
    scored = stored_answers.values(session, assessment)
    result = evaluate(pinned, scored)
    now = utcnow()
    assessment.result = {
        "format": RESULT_FORMAT,
        "questionnaire": {
            "id": pinned.id,
            "version": pinned.version,
            "rules_version": pinned.rules_version,
            "fingerprint": pinned.fingerprint,
        },
        "pinned_fingerprint": assessment.questionnaire_fingerprint,
        "scored_at": now.isoformat(),
        "answers_digest": answers_digest(scored),
        "result": result.to_dict(),
    }
    assessment.scored_at = now
    _update_summary(assessment, result)
    audit.record(
        session,
        "assessment.scored",
        assessment=assessment,
        actor=actor,
        details={**assessment.result["questionnaire"], "overall_band": result.overall.band},
    )
    session.flush()
    return result


def stored_result(assessment: Assessment) -> Result | None:
    """The stored engine Result of a scored assessment, or None if it has not been scored."""
    if not assessment.result:
        return None
    return Result.from_dict(assessment.result["result"])


def _update_summary(assessment: Assessment, result: Result) -> None:
    assessment.overall_score = result.overall.score
    assessment.overall_band = result.overall.band
    areas: dict[str, Any] = {k: dict(v) for k, v in (assessment.area_summary or {}).items()}
    for area_id, area in result.areas.items():
        entry = areas.setdefault(area_id, {})
        entry.update(score=area.score, band=area.band, level=area.level)
    assessment.area_summary = areas
